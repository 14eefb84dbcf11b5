// Real-filesystem BundleView and HostView, with the fs behind a small seam so rules are tested against
// temp-dir fixtures (or an in-memory fake).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { machine as osMachine } from 'node:os';
import * as path from 'node:path';
import type { BundleView, HostView, InRootStat } from './rule.js';
import { LINUX_CAPABILITIES } from '../../schemas/runtime/vocabulary.js';
import { decodeCapabilities, namespaceTypesFromProc } from '../runtime/preflight.js';
import { hugePageSizeOfDir, parseCgroupMountinfo } from '../runtime/cgroups.js';
import type { CgroupMount } from '../runtime/host.js';

/** The few fs calls the views make; all of them answer undefined instead of throwing. */
export interface FsSeam {
  /** lstat: does not follow a final symlink. */
  lstat(p: string): InRootStat | undefined;
  readlink(p: string): string | undefined;
  readFile(p: string): string | undefined;
  realpath(p: string): string | undefined;
  /** Entry names of a directory. Optional: facts that need it are left out without it. */
  readdir?(p: string): string[] | undefined;
}

export const realFs: FsSeam = {
  lstat(p) {
    try {
      const s = fs.lstatSync(p);
      const kind: InRootStat['kind'] = s.isSymbolicLink()
        ? 'symlink'
        : s.isDirectory()
          ? 'dir'
          : s.isFile()
            ? 'file'
            : s.isCharacterDevice()
              ? 'char'
              : s.isBlockDevice()
                ? 'block'
                : s.isFIFO()
                  ? 'fifo'
                  : 'other';
      const out: InRootStat = { kind, mode: s.mode, uid: s.uid, gid: s.gid };
      if (kind === 'char' || kind === 'block') {
        // Linux dev_t encoding (glibc gnu_dev_major/gnu_dev_minor)
        const rdev = BigInt(s.rdev);
        out.major = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
        out.minor = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
      }
      return out;
    } catch {
      return undefined;
    }
  },
  readlink(p) {
    try {
      return fs.readlinkSync(p);
    } catch {
      return undefined;
    }
  },
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  realpath(p) {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  },
  readdir(p) {
    try {
      return fs.readdirSync(p);
    } catch {
      return undefined;
    }
  },
};

/**
 * The real fs with every absolute path re-rooted under `root`: a fixture directory holding a fake
 * /proc and /sys tree stands in for the host. realpath answers in the fixture's own terms.
 */
export function rootedFs(root: string): FsSeam {
  const at = (p: string) => path.join(root, p);
  return {
    lstat: (p) => realFs.lstat(at(p)),
    readlink: (p) => realFs.readlink(at(p)),
    readFile: (p) => realFs.readFile(at(p)),
    readdir: (p) => realFs.readdir!(at(p)),
    realpath(p) {
      const r = realFs.realpath(at(p));
      const base = realFs.realpath(root) ?? root;
      if (r === undefined || (r !== base && !r.startsWith(base + '/'))) return undefined;
      return '/' + path.relative(base, r);
    },
  };
}

const MAX_SYMLINKS = 40;

/**
 * Resolve `p` inside `root` the way a chroot would: absolute symlink targets and `..` at the top stay
 * inside `root`. Returns the host path of the final entry (its last component not followed when
 * `followLast` is false) or undefined when a component is missing or the link budget runs out.
 */
export function resolveInRoot(fsx: FsSeam, root: string, p: string, followLast = true): string | undefined {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  const done: string[] = [];
  let links = 0;
  while (parts.length > 0) {
    const name = parts.shift()!;
    if (name === '..') {
      done.pop();
      continue;
    }
    const hostPath = path.join(root, ...done, name);
    const st = fsx.lstat(hostPath);
    if (!st) return undefined;
    if (st.kind === 'symlink' && (parts.length > 0 || followLast)) {
      if (++links > MAX_SYMLINKS) return undefined;
      const target = fsx.readlink(hostPath);
      if (target === undefined) return undefined;
      if (target.startsWith('/')) done.length = 0;
      parts.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
      continue;
    }
    if (parts.length > 0 && st.kind !== 'dir') return undefined;
    done.push(name);
  }
  return path.join(root, ...done);
}

/** A BundleView over a real (or fake) directory. */
export function bundleView(dir: string, fsx: FsSeam = realFs): BundleView {
  const abs = (p: string): string => (path.isAbsolute(p) ? p : path.join(dir, p));
  return {
    dir,
    exists: (p) => fsx.lstat(abs(p)) !== undefined,
    isDirectory(p) {
      const r = fsx.realpath(abs(p));
      return r !== undefined && fsx.lstat(r)?.kind === 'dir';
    },
    isExecutableInRoot(rootfs, p) {
      const root = fsx.realpath(abs(rootfs));
      if (root === undefined) return false;
      const host = resolveInRoot(fsx, root, p);
      if (host === undefined) return false;
      const st = fsx.lstat(host);
      return st !== undefined && st.kind === 'file' && (st.mode & 0o111) !== 0;
    },
    realpath: (p) => fsx.realpath(abs(p)),
    statInRoot(rootfs, p) {
      const root = fsx.realpath(abs(rootfs));
      if (root === undefined) return undefined;
      const host = resolveInRoot(fsx, root, p);
      return host === undefined ? undefined : fsx.lstat(host);
    },
  };
}

/** Capability names the running kernel knows, from the text of /proc/sys/kernel/cap_last_cap. */
export function capabilitiesFromLastCap(text: string | undefined): string[] {
  const last = text === undefined ? NaN : Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(last) || last < 0) return LINUX_CAPABILITIES.slice();
  const out: string[] = [];
  for (let i = 0; i <= last; i++) out.push(LINUX_CAPABILITIES[i] ?? `CAP_${i}`);
  return out;
}

/** Filesystem type names from the text of /proc/filesystems ("nodev\tproc" or "\text4" lines). */
export function filesystemsFromProc(text: string | undefined): string[] {
  if (text === undefined) return [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t').pop()?.trim();
    if (f) out.push(f);
  }
  return out;
}

/** Row labels of /proc/PID/limits, by rlimit type. */
const limitsLabel: Record<string, string> = {
  RLIMIT_CPU: 'Max cpu time',
  RLIMIT_FSIZE: 'Max file size',
  RLIMIT_DATA: 'Max data size',
  RLIMIT_STACK: 'Max stack size',
  RLIMIT_CORE: 'Max core file size',
  RLIMIT_RSS: 'Max resident set',
  RLIMIT_NPROC: 'Max processes',
  RLIMIT_NOFILE: 'Max open files',
  RLIMIT_MEMLOCK: 'Max locked memory',
  RLIMIT_AS: 'Max address space',
  RLIMIT_LOCKS: 'Max file locks',
  RLIMIT_SIGPENDING: 'Max pending signals',
  RLIMIT_MSGQUEUE: 'Max msgqueue size',
  RLIMIT_NICE: 'Max nice priority',
  RLIMIT_RTPRIO: 'Max realtime priority',
  RLIMIT_RTTIME: 'Max realtime timeout',
};

/** Hard limits by rlimit type from the text of /proc/PID/limits (`unlimited` as 2^64-1). */
export function hardLimitsFromProc(text: string | undefined): Record<string, bigint> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, bigint> = {};
  for (const line of text.split('\n')) {
    for (const [type, label] of Object.entries(limitsLabel)) {
      if (!line.startsWith(label)) continue;
      const hard = line.slice(label.length).trim().split(/\s+/)[1];
      if (hard === 'unlimited') out[type] = 2n ** 64n - 1n;
      else if (hard !== undefined && /^\d+$/.test(hard)) out[type] = BigInt(hard);
    }
  }
  return out;
}

/** The cgroup hierarchies of a mountinfo text, with the v2 root's cgroup.controllers read through `fsx`. */
export function cgroupMountsFrom(fsx: FsSeam, mountinfo: string | undefined): CgroupMount[] | undefined {
  if (mountinfo === undefined) return undefined;
  const mounts = parseCgroupMountinfo(mountinfo);
  for (const m of mounts) {
    if (m.version !== 2) continue;
    const text = fsx.readFile(path.join(m.mountPoint, 'cgroup.controllers'));
    m.controllers = (text ?? '').trim().split(/\s+/).filter(Boolean);
  }
  return mounts;
}

/** A sysctl key (`net.ipv4.ip_forward`, or with '/' separators as sysctl(8) accepts) as its /proc/sys path. */
export function sysctlPath(key: string, procRoot = '/proc'): string {
  return path.join(procRoot, 'sys', key.includes('/') ? key : key.replace(/\./g, '/'));
}

/**
 * Which of `keys` exist in a new network namespace, by looking from one (`unshare --net`, or with a user
 * namespace when this process lacks CAP_SYS_ADMIN); undefined when no namespace could be made.
 */
export function probeNewNetnsSysctls(keys: string[], privileged: boolean): Set<string> | undefined {
  if (keys.length === 0) return new Set();
  const byPath = new Map(keys.map((k) => [sysctlPath(k), k]));
  const ns = privileged ? ['--net'] : ['--user', '--map-root-user', '--net'];
  const script = 'for p; do test -e "$p" && echo "$p"; done; echo end';
  const r = spawnSync('unshare', [...ns, '--', 'sh', '-c', script, 'sh', ...byPath.keys()], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const lines = (r.stdout ?? '').split('\n');
  if (r.status !== 0 || !lines.includes('end')) return undefined;
  return new Set(lines.flatMap((l) => (byPath.has(l) ? [byPath.get(l)!] : [])));
}

/** Facts that do not come from the fs seam (the real view fills them in; fixtures pin them). */
export interface HostProbes {
  /** uname machine, when the kernel has no /proc/sys/kernel/arch. */
  machine?: string;
  sysctlsInNewNetns?(keys: string[]): Set<string> | undefined;
}

/** A HostView of this machine (or of `procRoot`, a fixture directory shaped like /proc). */
export function hostView(fsx: FsSeam = realFs, procRoot = '/proc', probes: HostProbes = {}): HostView {
  const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(fsx.readFile(path.join(procRoot, 'self/status')) ?? '')?.[1];
  const hardLimits = hardLimitsFromProc(fsx.readFile(path.join(procRoot, 'self/limits')));
  const cgroupMounts = cgroupMountsFrom(fsx, fsx.readFile(path.join(procRoot, 'self/mountinfo')));
  const pages = fsx.readdir?.('/sys/kernel/mm/hugepages');
  const nsEntries = fsx.readdir?.(path.join(procRoot, 'self/ns'));
  const actions = fsx.readFile(path.join(procRoot, 'sys/kernel/seccomp/actions_avail'));
  const machine = fsx.readFile(path.join(procRoot, 'sys/kernel/arch'))?.trim() || probes.machine;
  return {
    ...(capEff !== undefined ? { callerCapabilities: decodeCapabilities(capEff) } : {}),
    ...(hardLimits !== undefined ? { hardLimits } : {}),
    ...(cgroupMounts !== undefined ? { cgroupMounts } : {}),
    ...(pages !== undefined
      ? { hugePageSizes: pages.flatMap((n) => hugePageSizeOfDir(n)?.pageSize ?? []).sort() }
      : {}),
    ...(nsEntries !== undefined ? { namespaces: namespaceTypesFromProc(nsEntries) } : {}),
    ...(actions !== undefined ? { seccompActions: actions.trim().split(/\s+/).filter(Boolean) } : {}),
    ...(machine ? { machine } : {}),
    ...(fsx.lstat(path.join(procRoot, 'sys/kernel')) !== undefined
      ? { hasSysctl: (key: string) => fsx.lstat(sysctlPath(key, procRoot)) !== undefined }
      : {}),
    ...(probes.sysctlsInNewNetns ? { sysctlsInNewNetns: probes.sysctlsInNewNetns } : {}),
    capabilities: capabilitiesFromLastCap(fsx.readFile(path.join(procRoot, 'sys/kernel/cap_last_cap'))),
    filesystems: filesystemsFromProc(fsx.readFile(path.join(procRoot, 'filesystems'))),
    exists: (p) => fsx.lstat(p) !== undefined,
    isDirectory(p) {
      const r = fsx.realpath(p);
      return r !== undefined && fsx.lstat(r)?.kind === 'dir';
    },
    readFile: (p) => fsx.readFile(p),
    isExecutable(p) {
      const r = fsx.realpath(p);
      if (r === undefined) return false;
      const st = fsx.lstat(r);
      return st !== undefined && st.kind === 'file' && (st.mode & 0o111) !== 0;
    },
  };
}

/** The real-fs BundleView of `dir` (alias used by the CLI). */
export function makeBundleView(dir: string): BundleView {
  return bundleView(dir, realFs);
}

/** The HostView of this machine (alias used by the CLI). */
export function makeHostView(): HostView {
  const view = hostView(realFs, '/proc', { machine: osMachine() });
  const privileged = view.callerCapabilities?.includes('CAP_SYS_ADMIN') ?? false;
  let cache: Map<string, boolean> | undefined;
  view.sysctlsInNewNetns = (keys) => {
    cache ??= new Map();
    const ask = keys.filter((k) => !cache!.has(k));
    if (ask.length > 0) {
      const found = probeNewNetnsSysctls(ask, privileged);
      if (found === undefined) return undefined;
      for (const k of ask) cache.set(k, found.has(k));
    }
    return new Set(keys.filter((k) => cache!.get(k)));
  };
  return view;
}
