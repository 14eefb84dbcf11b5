// cgroups.memory-limit: linux.resources.memory.limit read back on the host from the container's memory cgroup
// (v1 memory.limit_in_bytes or v2 memory.max), found through /proc/PID/cgroup and the mounted hierarchies.
import type { Finding } from '../../../model/report.js';
import { controllerDir, hostFs, readCgroupFile, type HostFs } from '../../../harness/runtime/cgroups.js';
import type { CgroupMount } from '../../../harness/runtime/host.js';
import { need } from '../../../harness/runtime/preflight.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, createdPid } from '../area-kit.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';

const id = 'cgroups.memory-limit';

/** 64 MiB: page aligned, so v1's rounding to pages does not change it. */
export const caseLimit = 64 * 1024 * 1024;

/** What the host shows in one interface file of a process's cgroup. */
export interface CgroupFileRead {
  version: 1 | 2;
  /** Host directory of the process's cgroup for the controller. */
  dir: string;
  /** Interface file read (e.g. `memory.limit_in_bytes` on v1, `memory.max` on v2). */
  file: string;
  /** Its content, trimmed; undefined when it could not be read. */
  raw: string | undefined;
}

/**
 * Reads an interface file of process `pid`'s cgroup for `controller` through the seam: the v1 hierarchy of
 * the controller when one is mounted, else the v2 hierarchy when it has the controller. `files` names the
 * file per version. Undefined when the process is in no cgroup of that controller.
 */
export async function readControllerFile(
  fs: HostFs,
  pid: number | 'self',
  controller: string,
  files: { v1: string; v2: string },
  mounts: CgroupMount[],
): Promise<CgroupFileRead | undefined> {
  const dir = await controllerDir(fs, pid, controller, mounts);
  if (dir === undefined) return undefined;
  const v1 = mounts.some(
    (m) =>
      m.version === 1 &&
      m.controllers.includes(controller) &&
      (dir === m.mountPoint || dir.startsWith(`${m.mountPoint}/`)),
  );
  const file = v1 ? files.v1 : files.v2;
  return { version: v1 ? 1 : 2, dir, file, raw: await readCgroupFile(fs, dir, file) };
}

/** The memory limit of process `pid`: v1 memory.limit_in_bytes or v2 memory.max. */
export function readMemoryLimit(
  fs: HostFs,
  pid: number | 'self',
  mounts: CgroupMount[],
): Promise<CgroupFileRead | undefined> {
  return readControllerFile(fs, pid, 'memory', { v1: 'memory.limit_in_bytes', v2: 'memory.max' }, mounts);
}

const pageSize = 4096n;

/**
 * Compares what the host shows with `limit`: v2 writes `max` for no limit (-1); v1 shows a huge number
 * for no limit and rounds a limit down to whole pages.
 */
export function checkMemoryLimit(read: CgroupFileRead | undefined, limit: number): Finding[] {
  const reqs: RuntimeRequirementId[] = ['config-linux.resources.memory.limit'];
  if (!read)
    return [
      observationFinding(
        id,
        reqs,
        'cgroup.memory',
        'expected the container process in a memory cgroup, found none',
        limit,
        null,
      ),
    ];
  const field = `cgroup.memory.${read.file}`;
  if (read.raw === undefined)
    return [
      observationFinding(
        id,
        reqs,
        field,
        `expected ${read.dir}/${read.file} to be readable, found it missing`,
        limit,
        null,
      ),
    ];
  if (limit === -1) {
    const unlimited =
      read.version === 2 ? read.raw === 'max' : /^\d+$/.test(read.raw) && BigInt(read.raw) >= 1n << 62n;
    return unlimited
      ? []
      : [
          observationFinding(
            id,
            ['config-linux.resources.memory.unlimited'],
            field,
            `expected no memory limit (-1), found ${read.raw}`,
            'unlimited',
            read.raw,
          ),
        ];
  }
  const want = BigInt(limit);
  const ok =
    /^\d+$/.test(read.raw) &&
    (BigInt(read.raw) === want || (read.version === 1 && BigInt(read.raw) === (want / pageSize) * pageSize));
  return ok
    ? []
    : [
        observationFinding(
          id,
          reqs,
          field,
          `expected ${read.file} ${limit}, found ${read.raw}`,
          String(limit),
          read.raw,
        ),
      ];
}

const requirements: RuntimeRequirementId[] = ['config-linux.resources.memory.limit'];

async function run(ctx: CaseContext): Promise<Finding[] | void> {
  const pid = await createdPid(ctx, requirements, 'create with a memory limit');
  if (pid === undefined) return;
  const read = await readMemoryLimit(hostFs(), pid, ctx.host.cgroupMounts);
  ctx.observe('memoryCgroup', read ?? null);
  const limit =
    (ctx.bundle.config.linux?.resources?.memory as { limit?: number } | undefined)?.limit ?? caseLimit;
  return checkMemoryLimit(read, limit);
}

export const cgroupsMemoryLimit = defineCase({
  id,
  group: 'cgroups',
  requirements,
  description:
    "sets a 64 MiB memory limit and reads it back from the container's memory cgroup on the host (v1 or v2)",
  needs(host) {
    return need.controller(host, 'memory');
  },
  build(config) {
    config.resources({ memory: { limit: caseLimit } });
    config.probe('wait');
  },
  run,
});
