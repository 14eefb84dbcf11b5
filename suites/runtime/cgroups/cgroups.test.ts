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
