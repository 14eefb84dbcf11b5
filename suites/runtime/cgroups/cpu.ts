// cgroups.cpu: linux.resources.cpu shares, quota and period read back on the host from the container's cpu
// cgroup: v1 cpu.shares / cpu.cfs_quota_us / cpu.cfs_period_us, or v2 cpu.weight / cpu.max.
import type { Finding } from '../../../model/report.js';
import { hostFs, type HostFs } from '../../../harness/runtime/cgroups.js';
import type { CgroupMount } from '../../../harness/runtime/host.js';
import { need } from '../../../harness/runtime/preflight.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, createdPid } from '../area-kit.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';
import { readControllerFile, type CgroupFileRead } from './memory-limit.js';

const id = 'cgroups.cpu';

export const caseCpu = { shares: 512, quota: 50_000, period: 100_000 };

/** What the host shows for the container's cpu cgroup, per interface file. */
export interface CpuRead {
  version: 1 | 2;
  files: Record<string, CgroupFileRead>;
}

/** Reads the cpu interface files of process `pid` (v1 three files, v2 cpu.weight and cpu.max). */
export async function readCpu(
  fs: HostFs,
  pid: number | 'self',
  mounts: CgroupMount[],
): Promise<CpuRead | undefined> {
  const pairs: [string, string][] = [
    ['cpu.shares', 'cpu.weight'],
    ['cpu.cfs_quota_us', 'cpu.max'],
    ['cpu.cfs_period_us', 'cpu.max'],
  ];
  const files: Record<string, CgroupFileRead> = {};
  let version: 1 | 2 | undefined;
  for (const [v1, v2] of pairs) {
    const r = await readControllerFile(fs, pid, 'cpu', { v1, v2 }, mounts);
    if (!r) return undefined;
    version = r.version;
    files[r.file] = r;
  }
  return { version: version!, files };
}

/**
 * The cgroup v2 weight for v1 shares. SPEC: the spec only allows converting v1 values on a v2 host
 * (config-linux.md "unified": MAY) without giving a formula; this is the mapping runc and crun use
 * (shares 2..262144 onto weight 1..10000), so a different weight is reported at the MAY level.
 */
export function sharesToWeight(shares: number): number {
  return shares === 0 ? 0 : 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** Compares the cpu files with the configured shares, quota and period. */
export function checkCpu(
  read: CpuRead | undefined,
  cpu: { shares?: number; quota?: number; period?: number },
): Finding[] {
  const out: Finding[] = [];
  const f = (req: RuntimeRequirementId, file: string, what: string, want: string, got: string | undefined) =>
    out.push(
      observationFinding(
        id,
        [req],
        `cgroup.cpu.${file}`,
        `expected ${file} ${what} ${want}, found ${got ?? 'the file missing'}`,
        want,
        got ?? null,
      ),
    );
  if (!read) {
    out.push(
      observationFinding(
        id,
        ['config-linux.resources.cpu.shares'],
        'cgroup.cpu',
        'expected the container process in a cpu cgroup, found none',
      ),
    );
    return out;
  }
  const raw = (file: string) => read.files[file]?.raw;
  if (read.version === 1) {
    if (cpu.shares !== undefined && raw('cpu.shares') !== String(cpu.shares))
      f('config-linux.resources.cpu.shares', 'cpu.shares', '=', String(cpu.shares), raw('cpu.shares'));
    if (cpu.quota !== undefined && raw('cpu.cfs_quota_us') !== String(cpu.quota))
      f(
        'config-linux.resources.cpu.quota',
        'cpu.cfs_quota_us',
        '=',
        String(cpu.quota),
        raw('cpu.cfs_quota_us'),
      );
    if (cpu.period !== undefined && raw('cpu.cfs_period_us') !== String(cpu.period))
      f(
        'config-linux.resources.cpu.period',
        'cpu.cfs_period_us',
        '=',
        String(cpu.period),
        raw('cpu.cfs_period_us'),
      );
    return out;
  }
  const [quota, period] = (raw('cpu.max') ?? '').split(/\s+/);
  if (cpu.quota !== undefined && quota !== (cpu.quota < 0 ? 'max' : String(cpu.quota)))
    f('config-linux.resources.cpu.quota', 'cpu.max', 'quota', String(cpu.quota), raw('cpu.max'));
  if (cpu.period !== undefined && period !== String(cpu.period))
    f('config-linux.resources.cpu.period', 'cpu.max', 'period', String(cpu.period), raw('cpu.max'));
  if (cpu.shares !== undefined && raw('cpu.weight') !== String(sharesToWeight(cpu.shares)))
    f(
      'config-linux.unified.v1-conversion',
      'cpu.weight',
      '=',
      String(sharesToWeight(cpu.shares)),
      raw('cpu.weight'),
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.resources.cpu.shares',
  'config-linux.resources.cpu.quota',
  'config-linux.resources.cpu.period',
];

async function run(ctx: CaseContext): Promise<Finding[] | void> {
  const pid = await createdPid(ctx, requirements, 'create with cpu limits');
  if (pid === undefined) return;
  const read = await readCpu(hostFs(), pid, ctx.host.cgroupMounts);
  ctx.observe('cpuCgroup', read ?? null);
  const cpu = (ctx.bundle.config.linux?.resources?.cpu as typeof caseCpu | undefined) ?? caseCpu;
  return checkCpu(read, cpu);
}

export const cgroupsCpu = defineCase({
  id,
  group: 'cgroups',
  requirements,
  description:
    "sets cpu shares 512, quota 50000 and period 100000 and reads them back from the container's cpu cgroup",
  needs(host) {
    return need.controller(host, 'cpu');
  },
  build(config) {
    config.resources({ cpu: { ...caseCpu } });
    config.probe('wait');
  },
  run,
});
