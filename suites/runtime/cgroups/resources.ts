// The cgroups resource cases beyond the memory limit, pids limit and cpu shares: each sets a group of
// linux.resources fields and reads them back from the container's cgroup files on the host (v1 or v2), and
// two check behaviour (a child over the memory limit is killed, forks over the pids limit fail).
import { join } from 'node:path';
import type { Finding } from '../../../model/report.js';
import { parseTryResults, type TryResult } from '../../../harness/probe/observation.js';
import { hostFs, hugePageSizes, readCgroupFile } from '../../../harness/runtime/cgroups.js';
import { attachLoopDevice, losetupPath } from '../../../harness/runtime/loop-device.js';
import { need } from '../../../harness/runtime/preflight.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { createdPid, observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import {
  defineCase,
  type CaseContext,
  type RunHostFacts,
  type RuntimeConfig,
} from '../../../harness/runtime/case.js';
import {
  checkFiles,
  createAndCheckFiles,
  deviceTokens,
  hasField,
  hasLine,
  readFiles,
  type FileCheck,
} from './resource-files.js';
import { checkPidsLimit } from './pids-limit.js';
import { readControllerFile } from './memory-limit.js';

const MiB = 1024 * 1024;

/** The controller's hierarchy version on this host: 1 when a v1 hierarchy has it, 2 when only v2 does. */
export function controllerVersion(host: RunHostFacts, controller: string): 1 | 2 | undefined {
  if (host.cgroupMounts.some((m) => m.version === 1 && m.controllers.includes(controller))) return 1;
  if (host.cgroupMounts.some((m) => m.version === 2 && m.controllers.includes(controller))) return 2;
  return undefined;
}

/** Edits the main bundle's config.json before create (for settings that depend on the host). */
async function editConfig(ctx: CaseContext, edit: (c: RuntimeConfig) => void): Promise<void> {
  const c = structuredClone(ctx.bundle.config);
  edit(c);
  await ctx.bundle.writeConfig(c);
}

function resources(c: RuntimeConfig): Record<string, unknown> {
  const linux = (c.linux ??= {});
  return (linux.resources ??= {});
}

// ---- memory ----

export const caseMemory = { limit: 64 * MiB, reservation: 32 * MiB, swap: -1, swappiness: 30 };

/**
 * The memory settings read back. v1 has a file for each; on v2 swappiness and disableOOMKiller have none
 * (they belong to cgroups.v1-only-on-v2). SPEC: the spec names no v2 file for reservation; runtimes write
 * memory.low, checked as a conversion (MAY).
 */
export function memoryChecks(m: {
  reservation: number;
  swap: number;
  swappiness?: number;
  disableOOMKiller?: boolean;
}): FileCheck[] {
  const v1Unlimited = (raw: string) => /^\d+$/.test(raw) && BigInt(raw) >= 1n << 62n;
  const checks: FileCheck[] = [
    {
      what: 'memory.reservation',
      requirement: 'config-linux.resources.memory.reservation',
      controller: 'memory',
      v1: { file: 'memory.soft_limit_in_bytes', want: String(m.reservation) },
      v2: { file: 'memory.low', want: String(m.reservation), conversion: true },
    },
    {
      what: 'memory.swap',
      requirement:
        m.swap === -1 ? 'config-linux.resources.memory.unlimited' : 'config-linux.resources.memory.swap',
      controller: 'memory',
      v1:
        m.swap === -1
          ? { file: 'memory.memsw.limit_in_bytes', want: 'unlimited', match: v1Unlimited, optional: true }
          : { file: 'memory.memsw.limit_in_bytes', want: String(m.swap), optional: true },
      // SPEC: memory.swap is the limit of memory plus swap; v2's memory.swap.max limits swap alone, so the
      // equivalent is swap - limit (checked by cgroups.memory-oom, which sets a limit).
      v2: { file: 'memory.swap.max', want: 'max', optional: true },
    },
  ];
  if (m.swappiness !== undefined)
    checks.push({
      what: 'memory.swappiness',
      requirement: 'config-linux.resources.memory.swappiness',
      controller: 'memory',
      v1: { file: 'memory.swappiness', want: String(m.swappiness) },
    });
  if (m.disableOOMKiller)
    checks.push({
      what: 'memory.disableOOMKiller',
      requirement: 'config-linux.resources.memory.disableOOMKiller',
      controller: 'memory',
      v1: {
        file: 'memory.oom_control',
        want: 'oom_kill_disable 1',
        match: hasField('oom_kill_disable', '1'),
      },
    });
  return checks;
}

const memoryRequirements: RuntimeRequirementId[] = [
  'config-linux.resources.memory.reservation',
  'config-linux.resources.memory.unlimited',
  'config-linux.resources.memory.swappiness',
  'config-linux.resources.memory.disableOOMKiller',
  'config-linux.unified.v1-conversion',
];

export const cgroupsMemory = defineCase({
  id: 'cgroups.memory',
  group: 'cgroups',
  requirements: memoryRequirements,
  description:
    'sets memory reservation 32 MiB, swap -1 (unlimited) and, on v1, swappiness 30 and disableOOMKiller, and reads them back from the memory cgroup',
  needs: (host) => need.controller(host, 'memory'),
  build(config) {
    config.resources({ memory: { ...caseMemory } });
    config.probe('wait');
  },
  async run(ctx) {
    const v1 = controllerVersion(ctx.host, 'memory') === 1;
    const m = { ...caseMemory, ...(v1 ? { disableOOMKiller: true } : {}) };
    if (!v1) delete (m as { swappiness?: number }).swappiness;
    await editConfig(ctx, (c) => (resources(c).memory = m));
    return createAndCheckFiles(ctx, 'cgroups.memory', memoryRequirements, memoryChecks(m));
  },
});

export const caseOom = { limit: 32 * MiB, allocate: 128 * MiB };

/** The swap check of the oom case (no swap: memory+swap equals the limit) and the allocation's fate. */
export function oomChecks(limit: number): FileCheck[] {
  return [
    {
      what: 'memory.swap',
      requirement: 'config-linux.resources.memory.swap',
      controller: 'memory',
      v1: { file: 'memory.memsw.limit_in_bytes', want: String(limit), optional: true },
      v2: { file: 'memory.swap.max', want: '0', optional: true },
    },
  ];
}

/** A child that allocates past the limit must not finish normally: killed (137) or refused. */
export function checkOom(r: TryResult | undefined, allocate: number, limit: number): Finding[] {
  if (r?.ok && r.result !== 0) return [];
  return [
    observationFinding(
      'cgroups.memory-oom',
      ['config-linux.resources.memory.limit'],
      'alloc',
      r?.ok
        ? `expected a child touching ${allocate} bytes under a ${limit}-byte limit to be killed, found it exited 0`
        : `expected the probe to fork the allocating child, found ${r?.error ?? 'no result'}`,
      'killed',
      r?.ok ? r.result : (r?.error ?? null),
    ),
  ];
}

export const cgroupsMemoryOom = defineCase({
  id: 'cgroups.memory-oom',
  group: 'cgroups',
  requirements: ['config-linux.resources.memory.limit', 'config-linux.resources.memory.swap'],
  description:
    'memory limit 32 MiB with swap equal to it (none beyond the limit): memory+swap reads back, and a child touching 128 MiB is killed',
  needs: (host) => need.controller(host, 'memory'),
  build(config) {
    config.resources({ memory: { limit: caseOom.limit, swap: caseOom.limit } });
    config.probe('tries', ['alloc', String(caseOom.allocate)]);
  },
  async run(ctx) {
    const pid = await createdPid(
      ctx,
      ['config-linux.resources.memory.swap'],
      'create with memory and swap limits',
    );
    if (pid === undefined) return;
    const checks = oomChecks(caseOom.limit);
    const reads = await readFiles(hostFs(), pid, checks, ctx.host.cgroupMounts);
    ctx.observe('cgroupFiles', reads);
    const out = checkFiles('cgroups.memory-oom', checks, reads);
    const started = await ctx.runtime.start();
    if (!ctx.check.succeeded(started, { requirements: ['runtime.start.runs-program'], what: 'start' }))
      return out;
    const text = await ctx.waitForOutput((t) => t.includes('\n'), { timeoutMs: 20_000 });
    const results = text === undefined ? undefined : parseProbeOutput(ctx, text, parseTryResults);
    return [...out, ...checkOom(results?.[0], caseOom.allocate, caseOom.limit)];
  },
});

// ---- cpu: cpuset, idle, burst, realtime ----

export const caseCpuExtra = {
  cpus: '0',
  mems: '0',
  quota: 50_000,
  period: 100_000,
  burst: 10_000,
  idle: 1,
  realtimeRuntime: 10_000,
  realtimePeriod: 500_000,
};

/**
 * The files of cpus, mems, idle, burst and (v1 only: cgroup v2 has no real-time group scheduling)
 * realtimeRuntime/realtimePeriod; the v2 names are the same settings (cpuset.cpus, cpu.idle, cpu.max.burst).
 */
export function cpuExtraChecks(c: typeof caseCpuExtra, realtime: boolean): FileCheck[] {
  const checks: FileCheck[] = [
    {
      what: 'cpu.cpus',
      requirement: 'config-linux.resources.cpu.cpus',
      controller: 'cpuset',
      v1: { file: 'cpuset.cpus', want: c.cpus },
      v2: { file: 'cpuset.cpus', want: c.cpus },
    },
    {
      what: 'cpu.mems',
      requirement: 'config-linux.resources.cpu.mems',
      controller: 'cpuset',
      v1: { file: 'cpuset.mems', want: c.mems },
      v2: { file: 'cpuset.mems', want: c.mems },
    },
    {
      what: 'cpu.idle',
      requirement: 'config-linux.resources.cpu.idle',
      controller: 'cpu',
      v1: { file: 'cpu.idle', want: String(c.idle), optional: true },
      v2: { file: 'cpu.idle', want: String(c.idle) },
    },
    {
      what: 'cpu.burst',
      requirement: 'config-linux.resources.cpu.burst',
      controller: 'cpu',
      v1: { file: 'cpu.cfs_burst_us', want: String(c.burst), optional: true },
      v2: { file: 'cpu.max.burst', want: String(c.burst), optional: true },
    },
  ];
  if (realtime)
    checks.push(
      {
        what: 'cpu.realtimeRuntime',
        requirement: 'config-linux.resources.cpu.realtimeRuntime',
        controller: 'cpu',
        v1: { file: 'cpu.rt_runtime_us', want: String(c.realtimeRuntime) },
      },
      {
        what: 'cpu.realtimePeriod',
        requirement: 'config-linux.resources.cpu.realtimePeriod',
        controller: 'cpu',
        v1: { file: 'cpu.rt_period_us', want: String(c.realtimePeriod) },
      },
    );
  return checks;
}

const cpuExtraRequirements: RuntimeRequirementId[] = [
  'config-linux.resources.cpu.cpus',
  'config-linux.resources.cpu.mems',
  'config-linux.resources.cpu.idle',
  'config-linux.resources.cpu.burst',
  'config-linux.resources.cpu.realtimeRuntime',
  'config-linux.resources.cpu.realtimePeriod',
];

export const cgroupsCpuExtra = defineCase({
  id: 'cgroups.cpu-extra',
  group: 'cgroups',
  requirements: cpuExtraRequirements,
  description:
    'sets cpus 0, mems 0, idle 1, burst 10000 (quota 50000) and, on v1, realtime runtime 10000 / period 500000, and reads them back',
  needs: (host) => need.root(host) ?? need.controller(host, 'cpu') ?? need.controller(host, 'cpuset'),
  build(config) {
    config.probe('wait');
  },
  async run(ctx) {
    const fs = hostFs();
    const cpuMount = ctx.host.cgroupMounts.find((m) => m.version === 1 && m.controllers.includes('cpu'));
    const realtime =
      cpuMount !== undefined &&
      (await readCgroupFile(fs, cpuMount.mountPoint, 'cpu.rt_runtime_us')) !== undefined;
    const cpu: Record<string, unknown> = { ...caseCpuExtra };
    if (realtime) {
      // A group gets real-time time only within its parent's: give the run's parent cgroup a budget
      // (the root keeps 950000 of 1000000 us) before the runtime makes the container's.
      const parent = join(cpuMount.mountPoint, ctx.bundle.cgroupsPath!, '..');
      const have = Number((await readCgroupFile(fs, parent, 'cpu.rt_runtime_us')) ?? '0');
      if (have < 100_000) await fs.writeFile(join(parent, 'cpu.rt_runtime_us'), '100000');
    } else {
      delete cpu.realtimeRuntime;
      delete cpu.realtimePeriod;
    }
    await editConfig(ctx, (c) => (resources(c).cpu = cpu));
    return createAndCheckFiles(
      ctx,
      'cgroups.cpu-extra',
      cpuExtraRequirements,
      cpuExtraChecks(caseCpuExtra, realtime),
    );
  },
});

// ---- pids ----

export const caseForkLimit = { limit: 4, forks: 16 };

/** With `limit` pids and the probe itself one of them, at most limit-1 forks succeed, then EAGAIN. */
export function checkForks(r: TryResult | undefined, limit: number): Finding[] {
  if (r?.ok === false && r.errno === 11 && r.result !== undefined && r.result <= limit - 1) return [];
  return [
    observationFinding(
      'cgroups.pids-fork',
      ['config-linux.resources.pids.limit'],
      'fork',
      `expected at most ${limit - 1} children (the probe is one of ${limit} tasks) and then EAGAIN, found ${r ? `${r.result ?? 0} children and ${r.ok ? 'no refusal' : r.error}` : 'no result'}`,
      `<= ${limit - 1} then EAGAIN`,
      r ? { started: r.result, error: r.error } : null,
    ),
  ];
}

export const cgroupsPidsFork = defineCase({
  id: 'cgroups.pids-fork',
  group: 'cgroups',
  requirements: ['config-linux.resources.pids.limit'],
  description: 'pids limit 4: the probe forks until refused and gets at most 3 children, then EAGAIN',
  needs: (host) => need.controller(host, 'pids'),
  build(config) {
    config.resources({ pids: { limit: caseForkLimit.limit } });
    config.probe('tries', ['fork', String(caseForkLimit.forks)]);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, ['config-linux.resources.pids.limit']);
    if (out === undefined) return;
    const results = parseProbeOutput(ctx, out, parseTryResults);
    if (!results) return;
    return checkForks(results[0], caseForkLimit.limit);
  },
});

export const cgroupsPidsZero = defineCase({
  id: 'cgroups.pids-zero',
  group: 'cgroups',
  requirements: ['config-linux.resources.pids.zero-is-valid'],
  description: 'pids limit 0 is a limit, not "unlimited": pids.max reads 0 after create',
  needs: (host) => need.controller(host, 'pids'),
  build(config) {
    config.resources({ pids: { limit: 0 } });
    config.probe('wait');
  },
  async run(ctx) {
    const pid = await createdPid(
      ctx,
      ['config-linux.resources.pids.zero-is-valid'],
      'create with pids limit 0',
    );
    if (pid === undefined) return;
    const read = await readControllerFile(
      hostFs(),
      pid,
      'pids',
      { v1: 'pids.max', v2: 'pids.max' },
      ctx.host.cgroupMounts,
    );
    ctx.observe('pidsCgroup', read ?? null);
    return checkPidsLimit(read, 0, 'cgroups.pids-zero');
  },
});

// ---- hugetlb ----

/** Per page size: the limit file, and the reservation file where the kernel has one (preferred). */
export function hugetlbChecks(limits: { pageSize: string; limit: number }[]): FileCheck[] {
  return limits.flatMap(({ pageSize, limit }) => [
    {
      what: `hugetlb ${pageSize}`,
      requirement: 'config-linux.resources.hugepageLimits.applied' as const,
      controller: 'hugetlb',
      v1: { file: `hugetlb.${pageSize}.limit_in_bytes`, want: String(limit) },
      v2: { file: `hugetlb.${pageSize}.max`, want: String(limit) },
    },
    {
      what: `hugetlb ${pageSize} rsvd`,
      requirement: 'config-linux.resources.hugepageLimits.rsvd-preferred' as const,
      controller: 'hugetlb',
      v1: { file: `hugetlb.${pageSize}.rsvd.limit_in_bytes`, want: String(limit), optional: true },
      v2: { file: `hugetlb.${pageSize}.rsvd.max`, want: String(limit), optional: true },
    },
  ]);
}

const hugetlbRequirements: RuntimeRequirementId[] = [
  'config-linux.resources.hugepageLimits.applied',
  'config-linux.resources.hugepageLimits.rsvd-preferred',
];

export const cgroupsHugetlb = defineCase({
  id: 'cgroups.hugetlb',
  group: 'cgroups',
  requirements: hugetlbRequirements,
  description:
    'a limit of 4 pages for every huge page size the host has, read back from hugetlb.<size>.max / limit_in_bytes (and the rsvd file where the kernel has it)',
  needs(host) {
    if (host.cgroupMode === 'hybrid' && controllerVersion(host, 'hugetlb') === 2)
      return 'hugetlb is only on the v2 hierarchy of this hybrid host, which runtimes driving the v1 hierarchies do not manage (runc refuses: "cannot set hugetlb limit")';
    return need.controller(host, 'hugetlb');
  },
  build(config) {
    config.probe('wait');
  },
  async run(ctx) {
    const sizes = await hugePageSizes(hostFs());
    if (sizes.length === 0) {
      ctx.note('the host has no huge page sizes under /sys/kernel/mm/hugepages');
      return;
    }
    const limits = sizes.map((s) => ({ pageSize: s.pageSize, limit: 4 * s.bytes }));
    await editConfig(ctx, (c) => (resources(c).hugepageLimits = limits));
    return createAndCheckFiles(ctx, 'cgroups.hugetlb', hugetlbRequirements, hugetlbChecks(limits));
  },
});

// ---- block IO ----

export const caseBlockIO = { weight: 300, readBps: MiB, writeBps: 2 * MiB, readIops: 100, writeIops: 200 };

/**
 * blkio/io files for a device `MAJ:MIN`. v1: blkio.weight (or blkio.bfq.weight with BFQ) and the four
 * throttle lists; v2: io.max holds the four limits. SPEC: the weight's v2 file and scale are not in the spec
 * (runtimes write io.bfq.weight, or io.weight on another scale): checked as a conversion (MAY).
 */
/** The weight (no device needed). */
export function blockIOWeightChecks(b: typeof caseBlockIO): FileCheck[] {
  return [
    {
      what: 'blockIO.weight',
      requirement: 'config-linux.resources.blockIO.weight',
      controller: 'blkio',
      v1: {
        file: 'blkio.weight',
        alt: 'blkio.bfq.weight',
        want: String(b.weight),
        match: (raw) => raw === String(b.weight) || hasField('default', String(b.weight))(raw),
      },
      v2: {
        file: 'io.bfq.weight',
        alt: 'io.weight',
        want: `default ${b.weight}`,
        match: (raw) => raw === String(b.weight) || hasField('default', String(b.weight))(raw),
        conversion: true,
      },
    },
  ];
}

export function blockIOChecks(dev: string, b: typeof caseBlockIO): FileCheck[] {
  const throttle = (
    what: string,
    requirement: RuntimeRequirementId,
    file: string,
    rate: number,
    token: string,
  ): FileCheck => ({
    what,
    requirement,
    controller: 'blkio',
    v1: { file, want: `${dev} ${rate}`, match: hasLine(`${dev} ${rate}`) },
    v2: { file: 'io.max', want: `${dev} ${token}=${rate}`, match: deviceTokens(dev, [`${token}=${rate}`]) },
  });
  return [
    throttle(
      'blockIO.throttleReadBpsDevice',
      'config-linux.resources.blockIO.throttleReadBpsDevice',
      'blkio.throttle.read_bps_device',
      b.readBps,
      'rbps',
    ),
    throttle(
      'blockIO.throttleWriteBpsDevice',
      'config-linux.resources.blockIO.throttleWriteBpsDevice',
      'blkio.throttle.write_bps_device',
      b.writeBps,
      'wbps',
    ),
    throttle(
      'blockIO.throttleReadIOPSDevice',
      'config-linux.resources.blockIO.throttleReadIOPSDevice',
      'blkio.throttle.read_iops_device',
      b.readIops,
      'riops',
    ),
    throttle(
      'blockIO.throttleWriteIOPSDevice',
      'config-linux.resources.blockIO.throttleWriteIOPSDevice',
      'blkio.throttle.write_iops_device',
      b.writeIops,
      'wiops',
    ),
  ];
}

const blockIORequirements: RuntimeRequirementId[] = [
  'config-linux.resources.blockIO.throttleReadBpsDevice',
  'config-linux.resources.blockIO.throttleWriteBpsDevice',
  'config-linux.resources.blockIO.throttleReadIOPSDevice',
  'config-linux.resources.blockIO.throttleWriteIOPSDevice',
];

export const cgroupsBlockIO = defineCase({
  id: 'cgroups.blockio',
  group: 'cgroups',
  requirements: blockIORequirements,
  description:
    'blockIO read/write bps and iops throttles on a loop device the harness attaches, read back from blkio (v1) or io.max (v2)',
  needs: (host) =>
    needsBlockIO(host) ?? (losetupPath() ? null : 'needs losetup on the host to attach a loop device'),
  build(config) {
    config.probe('wait');
  },
  async run(ctx) {
    const loop = await attachLoopDevice(join(ctx.bundle.dir, '..', 'blockio.img'));
    ctx.defer(() => loop.detach());
    ctx.observe('loopDevice', { path: loop.path, major: loop.major, minor: loop.minor });
    const { major, minor } = loop;
    const b = caseBlockIO;
    await editConfig(
      ctx,
      (c) =>
        (resources(c).blockIO = {
          throttleReadBpsDevice: [{ major, minor, rate: b.readBps }],
          throttleWriteBpsDevice: [{ major, minor, rate: b.writeBps }],
          throttleReadIOPSDevice: [{ major, minor, rate: b.readIops }],
          throttleWriteIOPSDevice: [{ major, minor, rate: b.writeIops }],
        }),
    );
    const checks = ioController(ctx.host, blockIOChecks(`${major}:${minor}`, b));
    return createAndCheckFiles(ctx, 'cgroups.blockio', blockIORequirements, checks);
  },
});

function needsBlockIO(host: RunHostFacts): string | null {
  const v = host.cgroupControllers.includes('blkio') || host.cgroupControllers.includes('io');
  return v
    ? need.root(host)
    : `needs the blkio (v1) or io (v2) cgroup controller (available: ${host.cgroupControllers.join(', ') || 'none'})`;
}

/** The checks name the v1 controller; on a v2 host the reader looks for io instead. */
function ioController(host: RunHostFacts, checks: FileCheck[]): FileCheck[] {
  return controllerVersion(host, 'blkio') === undefined
    ? checks.map((c) => ({ ...c, controller: 'io' }))
    : checks;
}

export const cgroupsBlockIOWeight = defineCase({
  id: 'cgroups.blockio-weight',
  group: 'cgroups',
  requirements: ['config-linux.resources.blockIO.weight'],
  description:
    'blockIO weight 300, read back from blkio.weight (or blkio.bfq.weight) on v1, io.bfq.weight or io.weight on v2',
  needs: (host) =>
    needsBlockIO(host) ??
    // SPEC: a weight the kernel has no file for cannot be applied, and a runtime must then fail create
    // (runc 1.1.5 does, on a v1 kernel without CFQ or BFQ); there is nothing to read back, so skip.
    (host.blkioWeightFile === null
      ? 'the blkio hierarchy has no weight file (neither blkio.weight nor the BFQ scheduler is available in this kernel)'
      : null),
  build(config) {
    config.resources({ blockIO: { weight: caseBlockIO.weight } });
    config.probe('wait');
  },
  run: (ctx) =>
    createAndCheckFiles(
      ctx,
      'cgroups.blockio-weight',
      ['config-linux.resources.blockIO.weight'],
      ioController(ctx.host, blockIOWeightChecks(caseBlockIO)),
    ),
});

// ---- network (v1 only) ----

export const caseNetwork = { classID: 0x100001, priorities: [{ name: 'lo', priority: 5 }] };

export function networkChecks(n: typeof caseNetwork): FileCheck[] {
  return [
    {
      what: 'network.classID',
      requirement: 'config-linux.resources.network.classID',
      controller: 'net_cls',
      v1: { file: 'net_cls.classid', want: String(n.classID) },
    },
    ...n.priorities.map((p) => ({
      what: `network.priorities ${p.name}`,
      requirement: 'config-linux.resources.network.priorities' as const,
      controller: 'net_prio',
      v1: {
        file: 'net_prio.ifpriomap',
        want: `${p.name} ${p.priority}`,
        match: hasLine(`${p.name} ${p.priority}`),
      },
    })),
  ];
}

const networkRequirements: RuntimeRequirementId[] = [
  'config-linux.resources.network.classID',
  'config-linux.resources.network.priorities',
];

export const cgroupsNetwork = defineCase({
  id: 'cgroups.network',
  group: 'cgroups',
  requirements: networkRequirements,
  description:
    'network classID 0x100001 and priority 5 for lo, read back from net_cls.classid and net_prio.ifpriomap (v1)',
  needs(host) {
    for (const c of ['net_cls', 'net_prio'])
      if (controllerVersion(host, c) !== 1)
        return `needs the ${c} controller on a v1 hierarchy (cgroup v2 has no ${c}; this host has: ${host.cgroupControllers.join(', ') || 'none'})`;
    return null;
  },
  build(config) {
    config.resources({ network: structuredClone(caseNetwork) });
    config.probe('wait');
  },
  run: (ctx) => createAndCheckFiles(ctx, 'cgroups.network', networkRequirements, networkChecks(caseNetwork)),
});
