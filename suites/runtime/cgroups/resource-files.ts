// Shared part of the cgroups resource cases: a table of interface files to read back on the host (the v1 file
// and the v2 file of one setting, with the value each must hold), the reader and the check over that table.
import type { Finding } from '../../../model/report.js';
import { hostFs, type HostFs } from '../../../harness/runtime/cgroups.js';
import type { CgroupMount } from '../../../harness/runtime/host.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { createdPid, observationFinding } from '../area-kit.js';
import type { CaseContext } from '../../../harness/runtime/case.js';
import { readControllerFile, type CgroupFileRead } from './memory-limit.js';

/** What one cgroup version's file must hold. */
export interface FileWant {
  file: string;
  /** The value, as shown in messages and compared when `match` is absent. */
  want: string;
  /** Whether the file's trimmed content satisfies the setting (e.g. one line of a list file). */
  match?: (raw: string) => boolean;
  /**
   * The v2 file follows a conversion the spec does not define (config-linux.md "unified": v1 values MAY be
   * converted): a mismatch is a finding against `config-linux.unified.v1-conversion` (MAY).
   */
  conversion?: boolean;
  /** Read this file when `file` is missing (e.g. v1 `blkio.weight` or, with BFQ, `blkio.bfq.weight`). */
  alt?: string;
  /** A missing file is not judged (a kernel feature the host may lack, e.g. hugetlb `rsvd` files). */
  optional?: boolean;
}

/** One setting read back: its stable key, the requirement it shows, its controller and files. */
export interface FileCheck {
  what: string;
  requirement: RuntimeRequirementId;
  controller: string;
  v1?: FileWant;
  v2?: FileWant;
}

/** A line of a list file equals `want` (v1 `blkio.throttle.*`, `net_prio.ifpriomap`...). */
export const hasLine =
  (want: string) =>
  (raw: string): boolean =>
    raw.split('\n').some((l) => l.trim() === want);

/** A `key value` line (v1 `memory.oom_control`, v1 `blkio.bfq.weight` `default 500`). */
export const hasField =
  (key: string, value: string) =>
  (raw: string): boolean =>
    raw.split('\n').some((l) => l.trim().split(/\s+/).join(' ') === `${key} ${value}`);

/** The line of device `dev` (`MAJ:MIN`) in a keyed v2 file (io.max) holds every `key=value` token. */
export const deviceTokens =
  (dev: string, tokens: string[]) =>
  (raw: string): boolean =>
    raw.split('\n').some((l) => {
      const parts = l.trim().split(/\s+/);
      return parts[0] === dev && tokens.every((t) => parts.includes(t));
    });

/** The read of one check: undefined when the process is in no cgroup of the controller. */
export type FileReads = Record<string, CgroupFileRead | undefined>;

/** Reads each check's file (the v1 one where the controller is on v1, else the v2 one). */
export async function readFiles(
  fs: HostFs,
  pid: number | 'self',
  checks: FileCheck[],
  mounts: CgroupMount[],
): Promise<FileReads> {
  const out: FileReads = {};
  for (const c of checks) {
    let r = await readControllerFile(
      fs,
      pid,
      c.controller,
      { v1: c.v1?.file ?? '', v2: c.v2?.file ?? '' },
      mounts,
    );
    const alt = r?.version === 1 ? c.v1?.alt : c.v2?.alt;
    if (r && r.raw === undefined && alt)
      r = await readControllerFile(fs, pid, c.controller, { v1: alt, v2: alt }, mounts);
    out[c.what] = r;
  }
  return out;
}

/**
 * Compares every read with its check. A check without a file for the version the host uses is not
 * applicable there (the version-only cases skip on the other version before they get here).
 */
export function checkFiles(rule: string, checks: FileCheck[], reads: FileReads): Finding[] {
  const out: Finding[] = [];
  for (const c of checks) {
    const r = reads[c.what];
    if (!r) {
      out.push(
        observationFinding(
          rule,
          [c.requirement],
          c.what,
          `expected the container in a ${c.controller} cgroup, found none`,
        ),
      );
      continue;
    }
    const want = r.version === 1 ? c.v1 : c.v2;
    if (!want || (want.optional && r.raw === undefined)) continue;
    const ok = r.raw !== undefined && (want.match ? want.match(r.raw) : r.raw === want.want);
    if (ok) continue;
    out.push(
      observationFinding(
        rule,
        [want.conversion ? 'config-linux.unified.v1-conversion' : c.requirement],
        c.what,
        `expected ${r.dir}/${r.file} to hold ${want.want}, found ${r.raw === undefined ? 'the file missing' : JSON.stringify(r.raw)}`,
        want.want,
        r.raw ?? null,
      ),
    );
  }
  return out;
}

/** Creates the main container, reads the checks' files on the host and judges them. */
export async function createAndCheckFiles(
  ctx: CaseContext,
  rule: string,
  requirements: RuntimeRequirementId[],
  checks: FileCheck[],
): Promise<Finding[] | void> {
  const pid = await createdPid(ctx, requirements, 'create with the configured resources');
  if (pid === undefined) return;
  const reads = await readFiles(hostFs(), pid, checks, ctx.host.cgroupMounts);
  ctx.observe('cgroupFiles', reads);
  return checkFiles(rule, checks, reads);
}
