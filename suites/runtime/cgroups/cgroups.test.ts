// Tests of the memory-limit reader against fixture directories standing in for / (v1, v2, hybrid), and of
// the check on what it read (requirement ids, not text).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostFs } from '../../../harness/runtime/cgroups.js';
import type { CgroupMount } from '../../../harness/runtime/host.js';
import { caseConfig } from '../area-kit.fixtures.js';
import {
  caseLimit,
  cgroupsMemoryLimit,
  checkMemoryLimit,
  readControllerFile,
  readMemoryLimit,
} from './memory-limit.js';
import { caseCpu, cgroupsCpu, checkCpu, readCpu, sharesToWeight } from './cpu.js';
import { casePidsLimit, cgroupsPidsLimit, checkPidsLimit } from './pids-limit.js';

import { checkDevices, deviceExpectations, deviceProbeArgs } from './devices.js';
import {
  checkAbsolutePlacement,
  checkRelative,
  checkStable,
  judgedHierarchies,
  placements,
  type Placement,
} from './path.js';
import { checkFiles, readFiles, type FileCheck } from './resource-files.js';
import {
  blockIOChecks,
  caseBlockIO,
  checkForks,
  checkOom,
  hugetlbChecks,
  memoryChecks,
} from './resources.js';
import { checkUnified, needsPureV2 } from './unified.js';
import { hugePageSizes } from '../../../harness/runtime/cgroups.js';
import type { TryResult } from '../../../harness/probe/observation.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cgroup-fixture-'));
  roots.push(root);
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}

const v1Memory: CgroupMount = {
  mountPoint: '/sys/fs/cgroup/memory',
  version: 1,
  controllers: ['memory'],
  root: '/',
};
const v1Pids: CgroupMount = {
  mountPoint: '/sys/fs/cgroup/pids',
  version: 1,
  controllers: ['pids'],
  root: '/',
};
const hybridV2: CgroupMount = {
  mountPoint: '/sys/fs/cgroup/unified',
  version: 2,
  controllers: ['hugetlb'],
  root: '/',
};
const pureV2: CgroupMount = {
  mountPoint: '/sys/fs/cgroup',
  version: 2,
  controllers: ['cpu', 'memory', 'pids'],
  root: '/',
};

describe('readMemoryLimit', () => {
  it('reads memory.limit_in_bytes on a hybrid host (v1 memory, v2 with hugetlb only)', async () => {
    const root = fixture({
      'proc/42/cgroup': '9:pids:/oci/c1\n4:memory:/oci/c1\n0::/oci/c1\n',
      'sys/fs/cgroup/memory/oci/c1/memory.limit_in_bytes': '67108864\n',
      'sys/fs/cgroup/unified/oci/c1/cgroup.procs': '42\n',
    });
    const read = await readMemoryLimit(hostFs(root), 42, [v1Pids, v1Memory, hybridV2]);
    expect(read).toEqual({
      version: 1,
      dir: '/sys/fs/cgroup/memory/oci/c1',
      file: 'memory.limit_in_bytes',
      raw: '67108864',
    });
  });

  it('reads memory.max on a v2 host', async () => {
    const root = fixture({ 'proc/42/cgroup': '0::/oci/c1\n', 'sys/fs/cgroup/oci/c1/memory.max': 'max\n' });
    const read = await readMemoryLimit(hostFs(root), 42, [pureV2]);
    expect(read).toEqual({ version: 2, dir: '/sys/fs/cgroup/oci/c1', file: 'memory.max', raw: 'max' });
  });

  it('finds no memory cgroup when no hierarchy has the controller', async () => {
    const root = fixture({ 'proc/42/cgroup': '0::/oci/c1\n' });
    expect(await readMemoryLimit(hostFs(root), 42, [hybridV2])).toBeUndefined();
  });

  it('reports a missing interface file as unreadable', async () => {
    const root = fixture({ 'proc/42/cgroup': '4:memory:/oci/c1\n' });
    const read = await readMemoryLimit(hostFs(root), 42, [v1Memory]);
    expect(read?.raw).toBeUndefined();
    expect(checkMemoryLimit(read, caseLimit).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.memory.limit'],
    ]);
  });
});

describe('cgroups.memory-limit check', () => {
  const at = (version: 1 | 2, raw: string) => ({
    version,
    dir: '/d',
    file: version === 1 ? 'memory.limit_in_bytes' : 'memory.max',
    raw,
  });

  it('builds the limit into the config', () => {
    expect(caseConfig(cgroupsMemoryLimit).linux?.resources?.memory).toEqual({ limit: caseLimit });
  });

  it('passes on the configured limit (v1 rounds down to pages), and on unlimited', () => {
    expect(checkMemoryLimit(at(1, String(caseLimit)), caseLimit)).toEqual([]);
    expect(checkMemoryLimit(at(2, String(caseLimit)), caseLimit)).toEqual([]);
    expect(checkMemoryLimit(at(1, '4096'), 5000)).toEqual([]);
    expect(checkMemoryLimit(at(2, 'max'), -1)).toEqual([]);
    expect(checkMemoryLimit(at(1, '9223372036854771712'), -1)).toEqual([]);
  });

  it('flags a missing limit and a missing cgroup', () => {
    expect(checkMemoryLimit(at(1, '9223372036854771712'), caseLimit).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.memory.limit'],
    ]);
    expect(checkMemoryLimit(at(2, 'max'), caseLimit)).toHaveLength(1);
    expect(checkMemoryLimit(at(2, '1024'), -1).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.memory.unlimited'],
    ]);
    expect(checkMemoryLimit(undefined, caseLimit)).toHaveLength(1);
  });
});

describe('cgroups.pids-limit', () => {
  const at = (raw: string | undefined) => ({ version: 1 as const, dir: '/d', file: 'pids.max', raw });

  it('reads pids.max through the v1 pids hierarchy of a hybrid host', async () => {
    const root = fixture({
      'proc/7/cgroup': '9:pids:/oci/c2\n4:memory:/oci/c2\n0::/oci/c2\n',
      'sys/fs/cgroup/pids/oci/c2/pids.max': '42\n',
    });
    const read = await readControllerFile(hostFs(root), 7, 'pids', { v1: 'pids.max', v2: 'pids.max' }, [
      v1Pids,
      v1Memory,
      hybridV2,
    ]);
    expect(read).toEqual({ version: 1, dir: '/sys/fs/cgroup/pids/oci/c2', file: 'pids.max', raw: '42' });
    expect(caseConfig(cgroupsPidsLimit).linux?.resources?.pids).toEqual({ limit: casePidsLimit });
  });

  it('compares with the limit: max for -1, 0 as a real limit', () => {
    expect(checkPidsLimit(at('42'), 42)).toEqual([]);
    expect(checkPidsLimit(at('max'), -1)).toEqual([]);
    expect(checkPidsLimit(at('max'), 42).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.pids.limit'],
    ]);
    expect(checkPidsLimit(at('max'), 0).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.pids.zero-is-valid'],
    ]);
    expect(checkPidsLimit(undefined, 42)).toHaveLength(1);
  });
});

describe('cgroups.cpu', () => {
  const v1Cpu: CgroupMount = {
    mountPoint: '/sys/fs/cgroup/cpu',
    version: 1,
    controllers: ['cpu'],
    root: '/',
  };

  it('reads the v1 files on a hybrid host and the v2 files on a v2 host', async () => {
    const v1root = fixture({
      'proc/5/cgroup': '3:cpu:/oci/c3\n0::/oci/c3\n',
      'sys/fs/cgroup/cpu/oci/c3/cpu.shares': '512\n',
      'sys/fs/cgroup/cpu/oci/c3/cpu.cfs_quota_us': '50000\n',
      'sys/fs/cgroup/cpu/oci/c3/cpu.cfs_period_us': '100000\n',
    });
    const r1 = await readCpu(hostFs(v1root), 5, [v1Cpu, hybridV2]);
    expect(r1?.version).toBe(1);
    expect(checkCpu(r1, caseCpu)).toEqual([]);
    const v2root = fixture({
      'proc/5/cgroup': '0::/oci/c3\n',
      'sys/fs/cgroup/oci/c3/cpu.weight': '20\n',
      'sys/fs/cgroup/oci/c3/cpu.max': '50000 100000\n',
    });
    const r2 = await readCpu(hostFs(v2root), 5, [{ ...pureV2, controllers: ['cpu', 'memory'] }]);
    expect(r2?.version).toBe(2);
    expect(checkCpu(r2, caseCpu)).toEqual([]);
    expect(caseConfig(cgroupsCpu).linux?.resources?.cpu).toEqual(caseCpu);
  });

  it('maps shares to weight as runc and crun do, and flags differing values', () => {
    expect([sharesToWeight(2), sharesToWeight(1024), sharesToWeight(262144)]).toEqual([1, 39, 10000]);
    const v1 = (shares: string, quota: string) => ({
      version: 1 as const,
      files: Object.fromEntries(
        [
          ['cpu.shares', shares],
          ['cpu.cfs_quota_us', quota],
          ['cpu.cfs_period_us', '100000'],
        ].map(([file, raw]) => [file, { version: 1 as const, dir: '/d', file: file!, raw }]),
      ),
    });
    expect(checkCpu(v1('1024', '-1'), caseCpu).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.cpu.shares'],
      ['config-linux.resources.cpu.quota'],
    ]);
    const v2 = {
      version: 2 as const,
      files: {
        'cpu.weight': { version: 2 as const, dir: '/d', file: 'cpu.weight', raw: '100' },
        'cpu.max': { version: 2 as const, dir: '/d', file: 'cpu.max', raw: 'max 100000' },
      },
    };
    expect(checkCpu(v2, caseCpu).map((f) => [f.requirements, f.level])).toEqual([
      [['config-linux.resources.cpu.quota'], 'must'],
      [['config-linux.unified.v1-conversion'], 'may'],
    ]);
  });
});

// ---- device rules, cgroupsPath, resources read back, v2-only cases ----

const attempt = (op: string, errno: number, result?: number): TryResult => ({
  op,
  args: [],
  ok: errno === 0,
  errno,
  error: errno === 0 ? null : errno === 1 ? 'EPERM' : errno === 6 ? 'ENXIO' : 'EAGAIN',
  ...(result !== undefined ? { result } : {}),
});

describe('cgroups.devices', () => {
  const mknods = [0, 0, 0].map((e) => attempt('mknod', e));
  const verdicts = (xs: number[]) => [...mknods, ...xs.map((e) => attempt('open', e))];

  it('asks the probe for three mknods and one open per expectation', () => {
    const args = deviceProbeArgs();
    expect(args.filter((a) => a === '--')).toHaveLength(2 + deviceExpectations.length);
    expect(args.slice(0, 5)).toEqual(['mknod', '/dev/oci-conform-1-200', 'c', '1', '200']);
  });

  it('passes when allowed opens fail with ENXIO and refused ones with EPERM', () => {
    expect(checkDevices(verdicts([6, 1, 6, 6, 1]))).toEqual([]);
  });

  it('flags rules applied in reverse, a wildcard not honoured, and a refused mknod', () => {
    expect(checkDevices(verdicts([6, 6, 1, 6, 1])).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.devices.order'],
      ['config-linux.resources.devices.order'],
    ]);
    expect(checkDevices(verdicts([6, 1, 6, 1, 1])).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.devices.wildcards'],
    ]);
    const refused = [attempt('mknod', 0), attempt('mknod', 0), attempt('mknod', 1)];
    expect(checkDevices(refused).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.devices.wildcards'],
    ]);
  });
});

describe('cgroups.path', () => {
  const v1Cpu: CgroupMount = {
    mountPoint: '/sys/fs/cgroup/cpu',
    version: 1,
    controllers: ['cpu'],
    root: '/',
  };
  const named: CgroupMount = {
    mountPoint: '/sys/fs/cgroup/systemd',
    version: 1,
    controllers: ['name=systemd'],
    root: '/',
  };
  const mounts = [v1Pids, v1Memory, v1Cpu, named, hybridV2];
  const at = (hierarchy: string, path: string, controllers: string[], version: 1 | 2 = 1): Placement => ({
    hierarchy,
    version,
    controllers,
    path,
    dir: `${hierarchy}${path}`,
  });

  it('reads placements from /proc/PID/cgroup, leaving named hierarchies out', async () => {
    const root = fixture({
      'proc/9/cgroup': '10:name=systemd:/x\n9:pids:/oci/c\n4:memory:/oci/c\n1:cpu:/\n0::/oci/c\n',
    });
    const ps = await placements(hostFs(root), 9, mounts);
    expect(ps.map((p) => [p.hierarchy, p.path])).toEqual([
      ['/sys/fs/cgroup/cpu', '/'],
      ['/sys/fs/cgroup/memory', '/oci/c'],
      ['/sys/fs/cgroup/pids', '/oci/c'],
      ['/sys/fs/cgroup/unified', '/oci/c'],
    ]);
    expect(judgedHierarchies({ cgroupMode: 'hybrid' }, ps)).toHaveLength(3);
    expect(judgedHierarchies({ cgroupMode: 'v2' }, ps)).toHaveLength(4);
  });

  it('judges an absolute path where the runtime moved the process and where resources need it', () => {
    const caller = [at('/p', '/', ['pids']), at('/m', '/caller', ['memory']), at('/c', '/', ['cpu'])];
    const good = [at('/p', '/a/b', ['pids']), at('/m', '/a/b', ['memory']), at('/c', '/', ['cpu'])];
    const procs = { '/p/a/b': '7', '/m/a/b': '7\n8' };
    expect(checkAbsolutePlacement('r', '/a/b', good, caller, ['pids'], procs, 7)).toEqual([]);
    const relativeToCaller = [at('/p', '/a/b', ['pids']), at('/m', '/caller/a/b', ['memory'])];
    expect(
      checkAbsolutePlacement('r', '/a/b', relativeToCaller, caller, ['pids'], procs, 7).map(
        (f) => f.requirements,
      ),
    ).toEqual([['config-linux.cgroupsPath.absolute-from-mountpoint']]);
    const notJoined = [at('/p', '/', ['pids'])];
    expect(checkAbsolutePlacement('r', '/a/b', notJoined, caller, ['pids'], {}, 7)).toHaveLength(1);
    expect(
      checkAbsolutePlacement('r', '/a/b', good, caller, ['pids'], { '/m/a/b': '7' }, 7).map(
        (f) => f.requirements,
      ),
    ).toEqual([['config-linux.cgroupsPath.auto-create']]);
  });

  it('checks the same value maps to the same place, and a relative one ends with the value', () => {
    const a = [at('/p', '/x/rel', ['pids'])];
    expect(checkStable('r', a, [at('/p', '/x/rel', ['pids'])])).toEqual([]);
    expect(checkStable('r', a, [at('/p', '/y/rel', ['pids'])]).map((f) => f.requirements)).toEqual([
      ['config-linux.cgroupsPath.stable'],
    ]);
    const caller = [at('/p', '/x', ['pids'])];
    expect(checkRelative('r', 'rel', a, caller)).toEqual([]);
    expect(checkRelative('r', 'rel', [at('/p', '/x/other', ['pids'])], caller)).toHaveLength(1);
    expect(checkRelative('r', 'rel', caller, caller)).toHaveLength(1);
  });
});

describe('cgroups resource files', () => {
  it('reads v1 memory files, with the swap check unlimited and oom_control as a field', async () => {
    const root = fixture({
      'proc/3/cgroup': '4:memory:/oci/m\n',
      'sys/fs/cgroup/memory/oci/m/memory.soft_limit_in_bytes': '33554432\n',
      'sys/fs/cgroup/memory/oci/m/memory.memsw.limit_in_bytes': '9223372036854771712\n',
      'sys/fs/cgroup/memory/oci/m/memory.swappiness': '30\n',
      'sys/fs/cgroup/memory/oci/m/memory.oom_control': 'oom_kill_disable 1\nunder_oom 0\n',
    });
    const checks = memoryChecks({ reservation: 32 << 20, swap: -1, swappiness: 30, disableOOMKiller: true });
    const reads = await readFiles(hostFs(root), 3, checks, [v1Memory]);
    expect(checkFiles('r', checks, reads)).toEqual([]);
    const wrong = memoryChecks({ reservation: 16 << 20, swap: 1 << 30, swappiness: 60 });
    expect(checkFiles('r', wrong, reads).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.memory.reservation'],
      ['config-linux.resources.memory.swap'],
      ['config-linux.resources.memory.swappiness'],
    ]);
  });

  it('reads v2 files: a conversion mismatch is a MAY finding, an optional missing file is not judged', async () => {
    const root = fixture({
      'proc/3/cgroup': '0::/oci/m\n',
      'sys/fs/cgroup/oci/m/memory.low': '0\n',
    });
    const checks = memoryChecks({ reservation: 32 << 20, swap: -1 });
    const reads = await readFiles(hostFs(root), 3, checks, [pureV2]);
    expect(checkFiles('r', checks, reads).map((f) => [f.requirements, f.level])).toEqual([
      [['config-linux.unified.v1-conversion'], 'may'],
    ]);
  });

  it('falls back to the alternative file (blkio.bfq.weight) and finds throttles in io.max', async () => {
    const v1Blkio: CgroupMount = {
      mountPoint: '/sys/fs/cgroup/blkio',
      version: 1,
      controllers: ['blkio'],
      root: '/',
    };
    const root = fixture({
      'proc/3/cgroup': '7:blkio:/oci/b\n',
      'sys/fs/cgroup/blkio/oci/b/blkio.bfq.weight': 'default 300\n',
      'sys/fs/cgroup/blkio/oci/b/blkio.throttle.read_bps_device': '7:3 1048576\n',
    });
    const weight: FileCheck = {
      what: 'w',
      requirement: 'config-linux.resources.blockIO.weight',
      controller: 'blkio',
      v1: { file: 'blkio.weight', alt: 'blkio.bfq.weight', want: '300', match: (r) => r.endsWith(' 300') },
    };
    const checks = [weight, ...blockIOChecks('7:3', caseBlockIO)];
    const reads = await readFiles(hostFs(root), 3, checks, [v1Blkio]);
    expect(reads.w?.file).toBe('blkio.bfq.weight');
    expect(checkFiles('r', checks, reads).map((f) => f.requirements[0])).toEqual([
      'config-linux.resources.blockIO.throttleWriteBpsDevice',
      'config-linux.resources.blockIO.throttleReadIOPSDevice',
      'config-linux.resources.blockIO.throttleWriteIOPSDevice',
    ]);
    const v2root = fixture({
      'proc/3/cgroup': '0::/oci/b\n',
      'sys/fs/cgroup/oci/b/io.max':
        '7:3 rbps=1048576 wbps=2097152 riops=100 wiops=200\n8:0 rbps=max wbps=max riops=max wiops=max\n',
    });
    const io = blockIOChecks('7:3', caseBlockIO).map((c) => ({ ...c, controller: 'io' }));
    const v2 = await readFiles(hostFs(v2root), 3, io, [{ ...pureV2, controllers: ['io'] }]);
    expect(checkFiles('r', io, v2)).toEqual([]);
    expect(
      checkFiles(
        'r',
        blockIOChecks('7:4', caseBlockIO).map((c) => ({ ...c, controller: 'io' })),
        v2,
      ),
    ).toHaveLength(4);
  });

  it('names hugetlb files from the host page sizes, with rsvd files optional', async () => {
    const root = fixture({
      'sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages': '0\n',
      'sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages': '0\n',
    });
    const sizes = await hugePageSizes(hostFs(root));
    expect(sizes).toEqual([
      { pageSize: '2MB', bytes: 2 << 20 },
      { pageSize: '1GB', bytes: 1 << 30 },
    ]);
    const checks = hugetlbChecks([{ pageSize: '2MB', limit: 8 << 20 }]);
    expect(checks.map((c) => c.v2?.file)).toEqual(['hugetlb.2MB.max', 'hugetlb.2MB.rsvd.max']);
    const reads = {
      [checks[0]!.what]: { version: 2 as const, dir: '/d', file: 'hugetlb.2MB.max', raw: String(8 << 20) },
      [checks[1]!.what]: { version: 2 as const, dir: '/d', file: 'hugetlb.2MB.rsvd.max', raw: undefined },
    };
    expect(checkFiles('r', checks, reads)).toEqual([]);
  });
});

describe('cgroups behaviour checks', () => {
  it('pids: at most limit-1 children, then EAGAIN', () => {
    expect(checkForks(attempt('fork', 11, 3), 4)).toEqual([]);
    expect(checkForks(attempt('fork', 0, 16), 4)).toHaveLength(1);
    expect(checkForks(attempt('fork', 11, 5), 4)).toHaveLength(1);
  });

  it('memory: the allocating child is killed', () => {
    expect(checkOom(attempt('alloc', 0, 137), 128, 32)).toEqual([]);
    expect(checkOom(attempt('alloc', 0, 0), 128, 32).map((f) => f.requirements)).toEqual([
      ['config-linux.resources.memory.limit'],
    ]);
  });
});

describe('cgroups.unified', () => {
  const keys = { 'pids.max': '17', 'memory.oom.group': '1' };
  it('passes when every file holds its value and the controllers are enabled in the parent', () => {
    const read = { dir: '/sys/fs/cgroup/a/b', files: { ...keys }, parentSubtreeControl: 'cpu memory pids' };
    expect(checkUnified(read, keys)).toEqual([]);
  });

  it('flags an unwritten unknown key and a controller not enabled', () => {
    const read = {
      dir: '/sys/fs/cgroup/a/b',
      files: { 'pids.max': '17', 'memory.oom.group': '0' },
      parentSubtreeControl: 'pids',
    };
    expect(checkUnified(read, keys).map((f) => f.requirements[0])).toEqual([
      'config-linux.unified.enable-controllers',
      'config-linux.unified.write-unknown',
    ]);
    expect(needsPureV2({ cgroupMode: 'hybrid' } as never, 'x')).toMatch(/pure cgroup v2.*hybrid/);
    expect(needsPureV2({ cgroupMode: 'v2' } as never, 'x')).toBeNull();
  });
});
