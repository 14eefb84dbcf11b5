// A static config rule is a value: id, the requirements it enforces, and a check over one document.
// One rule per file in this folder; ./index.ts lists them (STYLE.md "A check is a value").
import type { FindingLevel } from '../../model/report.js';
import type { JsonDocument } from '../json/types.js';
import type { RequirementId } from '../../requirements/index.js';
import type { CgroupMount } from '../runtime/host.js';

export type DocumentKind = 'config' | 'state' | 'features';

/** Facts about this host, for `--host-specific` checks only. */
export interface HostView {
  /** Capability names the running kernel knows (from /proc/sys/kernel/cap_last_cap). */
  capabilities: string[];
  /** Filesystem types from /proc/filesystems. */
  filesystems: string[];
  /** fs access, behind a seam so rules are tested against fixtures. */
  exists(path: string): boolean;
  isExecutable(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Text of a host file (e.g. under /sys), or undefined. Optional: rules that need it skip without it. */
  readFile?(path: string): string | undefined;
  /**
   * Effective capabilities of the caller (this process: the one that would run the runtime), from
   * /proc/self/status CapEff. Optional: rules that need it skip without it.
   */
  callerCapabilities?: string[];
  /** The caller's hard resource limits by rlimit type (from /proc/self/limits; `unlimited` as 2^64-1). */
  hardLimits?: Record<string, bigint>;
  /**
   * The mounted cgroup hierarchies (from /proc/self/mountinfo): v1 ones with their controllers, the v2
   * one with its root's cgroup.controllers. Optional: rules that need it skip without it.
   */
  cgroupMounts?: CgroupMount[];
  /** Huge page sizes the kernel offers, in the spec's pageSize form (`2MB`), from /sys/kernel/mm/hugepages. */
  hugePageSizes?: string[];
  /** Namespace types the kernel offers, in the spec's words (`network`, `mount`, ...), from /proc/self/ns. */
  namespaces?: string[];
  /** Seccomp actions the kernel supports, as /proc/sys/kernel/seccomp/actions_avail names them (`kill_process`, `user_notif`). */
  seccompActions?: string[];
  /** The kernel's machine name (`x86_64`, `aarch64`), from /proc/sys/kernel/arch or uname. */
  machine?: string;
  /** Does the kernel have this sysctl (`net.ipv4.ip_forward` or `net/ipv4/ip_forward`): /proc/sys/<key> exists. */
  hasSysctl?(key: string): boolean;
  /**
   * Which of these sysctls a new network namespace has (the kernel shows only its per-netns sysctls
   * there); undefined when this process cannot make one to look.
   */
  sysctlsInNewNetns?(keys: string[]): Set<string> | undefined;
}

export interface BundleView {
  /** Absolute bundle directory. */
  dir: string;
  exists(relOrAbs: string): boolean;
  isDirectory(relOrAbs: string): boolean;
  /** Resolve `p` inside the rootfs (symlinks followed within it) and tell if it is an executable file. */
  isExecutableInRoot(rootfs: string, p: string): boolean;
  /** Realpath of `p` (relative to the bundle), or undefined. */
  realpath(relOrAbs: string): string | undefined;
  /**
   * What sits at `p` inside the rootfs (symlinks followed within it, the last one too), with device
   * numbers for device nodes; undefined when nothing is there. Optional: views without it skip the
   * rules that need it.
   */
  statInRoot?(rootfs: string, p: string): InRootStat | undefined;
}

/** A file inside the rootfs, as `BundleView.statInRoot` sees it. */
export interface InRootStat {
  kind: 'file' | 'dir' | 'char' | 'block' | 'fifo' | 'symlink' | 'other';
  /** Permission bits and type bits, as stat(2) st_mode. */
  mode: number;
  /** Device numbers, for char and block devices. */
  major?: number;
  minor?: number;
  uid?: number;
  gid?: number;
}

export interface ReportArgs {
  /** JSON pointer of the offending value. */
  pointer: string;
  /** Requirement ids; default: the rule's own list. */
  requirements?: RequirementId[];
  /** Default: the RFC 2119 class of the first requirement, in the document's spec version. */
  level?: FindingLevel;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Point at the member name instead of its value (e.g. duplicate or unknown keys). */
  atKey?: boolean;
}

export interface RuleContext {
  doc: JsonDocument;
  /** `doc.value`, typed loosely: rules must check shapes (the schema may have failed). */
  value: any;
  kind: DocumentKind;
  /** Spec version the document is judged against, e.g. '1.3.0'. */
  specVersion: string;
  /** Present in bundle mode. */
  bundle?: BundleView;
  /** Present with --host-specific. */
  host?: HostView;
  report(args: ReportArgs): void;
}

export interface ConfigRule {
  /** Stable rule id, e.g. `config.process.cwd-absolute`. */
  id: string;
  /** One line: what the rule checks. */
  title: string;
  kinds: DocumentKind[];
  requirements: RequirementId[];
  /** Spec versions the rule applies to (inclusive since, exclusive until). */
  since?: string;
  until?: string;
  /** Only with a bundle, only with --host-specific. */
  needs?: 'bundle' | 'host';
  /**
   * Why a finding of this rule has a class other than the RFC 2119 keyword of the requirement it cites (a
   * warning citing a MUST, an error citing a sentence without a keyword). Rendered in RULES.md.
   */
  why?: string;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: ConfigRule): ConfigRule {
  return rule;
}
