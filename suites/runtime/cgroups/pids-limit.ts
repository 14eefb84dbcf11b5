// cgroups.pids-limit: linux.resources.pids.limit read back on the host from the container's pids cgroup
// (pids.max on v1 and v2; "max" means no limit).
import type { Finding } from '../../../model/report.js';
import { hostFs } from '../../../harness/runtime/cgroups.js';
import { need } from '../../../harness/runtime/preflight.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, createdPid } from '../area-kit.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';
import { readControllerFile, type CgroupFileRead } from './memory-limit.js';

const id = 'cgroups.pids-limit';

export const casePidsLimit = 42;

/** Compares pids.max with `limit`: -1 is no limit ("max"); 0 is a valid limit, not "unlimited". */
export function checkPidsLimit(read: CgroupFileRead | undefined, limit: number, rule = id): Finding[] {
  const reqs: RuntimeRequirementId[] = ['config-linux.resources.pids.limit'];
  if (!read)
    return [
      observationFinding(
        rule,
        reqs,
        'cgroup.pids',
        'expected the container process in a pids cgroup, found none',
        limit,
        null,
      ),
    ];
  const field = `cgroup.pids.${read.file}`;
  const want = limit === -1 ? 'max' : String(limit);
  if (read.raw !== want)
    return [
      observationFinding(
        rule,
        limit === 0 ? ['config-linux.resources.pids.zero-is-valid'] : reqs,
        field,
        `expected ${read.file} ${want}, found ${read.raw ?? 'the file missing'}`,
        want,
        read.raw ?? null,
      ),
    ];
  return [];
}

const requirements: RuntimeRequirementId[] = ['config-linux.resources.pids.limit'];

async function run(ctx: CaseContext): Promise<Finding[] | void> {
  const pid = await createdPid(ctx, requirements, 'create with a pids limit');
  if (pid === undefined) return;
  const read = await readControllerFile(
    hostFs(),
    pid,
    'pids',
    { v1: 'pids.max', v2: 'pids.max' },
    ctx.host.cgroupMounts,
  );
  ctx.observe('pidsCgroup', read ?? null);
  const limit =
    (ctx.bundle.config.linux?.resources?.pids as { limit?: number } | undefined)?.limit ?? casePidsLimit;
  return checkPidsLimit(read, limit);
}

export const cgroupsPidsLimit = defineCase({
  id,
  group: 'cgroups',
  requirements,
  description: "sets a pids limit of 42 and reads pids.max back from the container's pids cgroup on the host",
  needs(host) {
    return need.controller(host, 'pids');
  },
  build(config) {
    config.resources({ pids: { limit: casePidsLimit } });
    config.probe('wait');
  },
  run,
});
