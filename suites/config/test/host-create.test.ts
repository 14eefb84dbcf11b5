// Host rules that predict a create failure on this host: rlimits above the host's hard limit and a
// negative oomScoreAdj, both without CAP_SYS_RESOURCE. Fixture host views, plus this machine through
// the real view (the podman-style config of host-notes section 9).
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../../harness/config/rule.js';
import { hardLimitsFromProc, makeHostView } from '../../../harness/config/views.js';
import { applySuiteRules as applyRules, docFromValue } from '../testing.js';
import { baseConfig } from './base.js';

const fakeHost = (over: Partial<HostView>): HostView => ({
  capabilities: [],
  filesystems: [],
  exists: () => true,
  isExecutable: () => true,
  isDirectory: () => true,
  readFile: (p) => (p === '/proc/self/oom_score_adj' ? '0\n' : undefined),
  ...over,
});

function ids(config: unknown, host: HostView): string[] {
  return applyRules({ doc: docFromValue(config), kind: 'config', specVersion: '1.3.0', host })
    .flatMap((r) => r.findings)
    .filter((f) => f.rule.startsWith('host.rlimits') || f.rule.startsWith('host.oom'))
    .map((f) => `${f.rule}@${(f.location as { pointer: string }).pointer}:${f.level}`);
}

const podmanLike = () => {
  const c = baseConfig();
  c.process.rlimits = [
    { type: 'RLIMIT_NOFILE', soft: 1048576, hard: 1048576 },
    { type: 'RLIMIT_NPROC', soft: 32768, hard: 32768 },
  ];
  return c;
};

describe("host rules that predict create failures: 'host.rlimits-above-hard-limit', 'host.oom-score-adj-negative'", () => {
  const limits = { RLIMIT_NOFILE: 524288n, RLIMIT_NPROC: 100000n };
  it('an rlimit hard above the host hard limit, without CAP_SYS_RESOURCE, is an error at its pointer', () => {
    expect(
      ids(podmanLike(), fakeHost({ hardLimits: limits, callerCapabilities: ['CAP_SYS_ADMIN'] })),
    ).toEqual(['host.rlimits-above-hard-limit@/process/rlimits/0/hard:must']);
  });
  it('says nothing with CAP_SYS_RESOURCE, or without the host facts', () => {
    expect(
      ids(podmanLike(), fakeHost({ hardLimits: limits, callerCapabilities: ['CAP_SYS_RESOURCE'] })),
    ).toEqual([]);
    expect(ids(podmanLike(), fakeHost({}))).toEqual([]);
  });
  it('a negative oomScoreAdj without CAP_SYS_RESOURCE is an error; zero or positive is not', () => {
    const c = baseConfig();
    c.process.oomScoreAdj = -500;
    expect(ids(c, fakeHost({ callerCapabilities: [] }))).toEqual([
      'host.oom-score-adj-negative@/process/oomScoreAdj:must',
    ]);
    c.process.oomScoreAdj = 100;
    expect(ids(c, fakeHost({ callerCapabilities: [] }))).toEqual([]);
  });
  it('reads hard limits from /proc/PID/limits text, unlimited as 2^64-1', () => {
    const text =
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
      'Max open files            1024                 524288               files     \n' +
      'Max core file size        0                    unlimited            bytes     \n';
    expect(hardLimitsFromProc(text)).toEqual({ RLIMIT_NOFILE: 524288n, RLIMIT_CORE: 2n ** 64n - 1n });
  });
  it('on this machine: the podman-style config gets a host finding exactly when the host would refuse it', () => {
    const host = makeHostView();
    const wouldFail =
      !host.callerCapabilities!.includes('CAP_SYS_RESOURCE') && host.hardLimits!.RLIMIT_NOFILE! < 1048576n;
    expect(
      ids(podmanLike(), host).some((i) => i.startsWith('host.rlimits-above-hard-limit@/process/rlimits/0')),
    ).toBe(wouldFail);
  });
});
