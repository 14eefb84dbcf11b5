// Unit tests of the hook check on fixture hook logs: spec order, runc 1.1.5's poststart-at-create, missing
// hooks, wrong state on stdin (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import { parseHookLog, type HookRecord } from '../../../harness/probe/observation.js';
import { caseConfig } from '../area-kit.fixtures.js';
import {
  checkFailureTrial,
  checkPoststopFailure,
  poststopHooks,
  trialHooks,
  type FailureTrial,
  type PoststopTrial,
} from './failure.js';
import { checkListedOrder, listedHooks } from './listed-order.js';
import {
  caseHooks,
  checkHooks,
  hookOrder,
  hooksOrderAndState,
  type HookCheckInput,
} from './order-and-state.js';

const base = caseConfig(hooksOrderAndState);
const config = {
  ...base,
  hooks: caseHooks('/b/rootfs/probe', '/b/rootfs/oci-conform-hooks/hooks.log', '/probe'),
};
const input: HookCheckInput = {
  config,
  containerId: 'c1',
  bundleDir: '/b',
  timeline: { create: [100n, 200n], start: [300n, 400n], delete: [500n, 600n] },
  runtimeNs: { pid: 1, net: 2, uts: 3, ipc: 4, mnt: 5 },
  containerNs: { pid: 11, net: 12, uts: 13, ipc: 14, mnt: 15 },
};

const status: Record<string, string> = {
  prestart: 'creating',
  createRuntime: 'creating',
  createContainer: 'creating',
  startContainer: 'created',
  poststart: 'running',
  poststop: 'stopped',
};
const times: Record<string, bigint> = {
  prestart: 110n,
  createRuntime: 120n,
  createContainer: 130n,
  startContainer: 310n,
  poststart: 320n,
  poststop: 510n,
};

function record(
  type: string,
  edit: (r: HookRecord, state: Record<string, unknown>) => void = () => {},
): HookRecord {
  const entry = config.hooks[type as keyof typeof config.hooks]![0]!;
  const inContainer = type === 'createContainer' || type === 'startContainer';
  const ns = (n: number) => ({ link: `x:[${n}]`, inode: n, dev: 4 });
  const nsOf = inContainer ? input.containerNs : input.runtimeNs;
  const state: Record<string, unknown> = {
    ociVersion: '1.0.2',
    id: 'c1',
    status: status[type],
    pid: 42,
    bundle: '/b',
  };
  const r: HookRecord = {
    event: 'hook',
    name: type,
    monotonicNs: String(times[type]),
    pid: 7,
    ppid: 6,
    args: [...entry.args!],
    env: [...entry.env!],
    cwd: '/b',
    hostname: 'vm',
    stdin: '',
    namespaces: {
      cgroup: null,
      ipc: ns(nsOf.ipc!),
      mnt: ns(nsOf.mnt!),
      net: ns(nsOf.net!),
      pid: ns(nsOf.pid!),
      pid_for_children: null,
      time: null,
      time_for_children: null,
      user: null,
      uts: ns(nsOf.uts!),
    },
    statePidProcess: type === 'poststart' ? { pid: 42, exe: '/probe', cmdline: ['/probe', 'wait'] } : null,
  };
  edit(r, state);
  r.stdin = JSON.stringify(state);
  // Through the real log parser, as the case reads it.
  return parseHookLog(JSON.stringify(r) + '\n')[0]!;
}

const specRun = () => hookOrder.map((t) => record(t));
const reqs = (fs: { requirements: string[] }[]) => [...new Set(fs.flatMap((f) => f.requirements))].sort();

describe('hooks.order-and-state', () => {
  it('passes on a run that follows the spec lifecycle', () => {
    expect(checkHooks(specRun(), input)).toEqual([]);
  });

  it('flags runc 1.1.5: poststart during create, before startContainer, with status created and runc init at the pid', () => {
    const recs = hookOrder.map((t) =>
      t === 'poststart'
        ? record(t, (r, s) => {
            r.monotonicNs = '140';
            s.status = 'created';
            r.statePidProcess = { pid: 42, exe: '/usr/bin/runc', cmdline: ['runc', 'init'] };
          })
        : record(t),
    );
    const f = checkHooks(recs, input);
    expect(reqs(f)).toEqual(['config.hooks.poststart.timing', 'runtime.state.status-running']);
    expect(f.map((x) => x.location)).toContainEqual({ kind: 'observation', field: 'hooks.poststart.time' });
    expect(f.map((x) => x.location)).toContainEqual({ kind: 'observation', field: 'hooks.order' });
  });

  it('flags crun 1.8.1: created while creating, starting (a runtime-defined name for created), and a missing status', () => {
    const recs = hookOrder.map((t) =>
      t === 'prestart'
        ? record(t, (_r, s) => {
            s.status = 'created';
          })
        : t === 'startContainer'
          ? record(t, (_r, s) => {
              s.status = 'starting';
            })
          : t === 'poststop'
            ? record(t, (_r, s) => {
                delete s.status;
              })
            : record(t),
    );
    const f = checkHooks(recs, input);
    const byField = (field: string) =>
      f.find((x) => x.location?.kind === 'observation' && x.location.field === field)?.requirements;
    expect(byField('hooks.prestart.stdin.status')).toEqual(['runtime.state.status-creating']);
    expect(byField('hooks.startContainer.stdin.status')).toEqual([
      'runtime.state.status-created',
      'runtime.state.status-extension-only-new-states',
    ]);
    expect(byField('hooks.poststop.stdin.status')).toEqual([
      'runtime.state.status-stopped',
      'runtime.state.status',
    ]);
  });

  it('flags every configured hook that never ran (a runtime that ignores hooks)', () => {
    expect(reqs(checkHooks([], input))).toEqual(
      [
        ...hookOrder.map((t) => `runtime.lifecycle.${t}-invoked`),
        ...hookOrder.map((t) =>
          t === 'startContainer'
            ? `config.hooks.${t}.path-container-ns`
            : `config.hooks.${t}.path-runtime-ns`,
        ),
      ].sort(),
    );
  });

  it('flags a wrong state, argv, env and namespace', () => {
    const recs = specRun();
    recs[0] = record('prestart', (r, s) => {
      s.id = 'other';
      r.args = ['probe'];
      r.env = [...r.env, 'LEAKED=1'];
      r.namespaces.uts = { link: 'uts:[99]', inode: 99, dev: 4 };
    });
    expect(reqs(checkHooks(recs, input))).toEqual([
      'config.hooks.args-argv',
      'config.hooks.env-environ',
      'config.hooks.prestart.exec-runtime-ns',
      'config.hooks.state-on-stdin',
    ]);
  });

  it('flags unparsable stdin and out-of-order create hooks', () => {
    const recs = specRun();
    recs[1] = record('createRuntime', (r) => (r.monotonicNs = '105'));
    const bad = { ...recs[2]!, stdin: 'not json' };
    recs[2] = bad;
    expect(reqs(checkHooks(recs, input))).toEqual([
      'config.hooks.prestart.before-createRuntime',
      'config.hooks.state-on-stdin',
    ]);
  });
});

describe('hooks.listed-order', () => {
  const hooks = listedHooks('/b/rootfs/probe', '/b/rootfs/oci-conform-hooks/listed.log');
  const config = { ...base, hooks };
  const rec = (name: string, t: number) =>
    parseHookLog(
      JSON.stringify({ ...record('prestart'), name, monotonicNs: String(t), args: ['x'], env: [] }) + '\n',
    )[0]!;
  const inOrder = () => [
    rec('createRuntime#1', 1),
    rec('createRuntime#2', 2),
    rec('createRuntime#3', 3),
    rec('poststop#1', 10),
    rec('poststop#2', 11),
  ];

  it('lists the hooks with numbered names', () => {
    expect(hooks.createRuntime?.map((h) => h.args?.at(-1))).toEqual([
      'createRuntime#1',
      'createRuntime#2',
      'createRuntime#3',
    ]);
    expect(hooks.poststop).toHaveLength(2);
  });

  it('passes when each kind ran in listed order', () => {
    expect(checkListedOrder(inOrder(), config)).toEqual([]);
  });

  it('flags hooks out of order and hooks that did not run', () => {
    const swapped = inOrder();
    [swapped[0], swapped[1]] = [rec('createRuntime#2', 1), rec('createRuntime#1', 2)];
    expect(checkListedOrder(swapped, config).map((f) => f.requirements)).toEqual([
      ['config.hooks.listed-order'],
    ]);
    expect(checkListedOrder(inOrder().slice(0, 3), config).map((f) => f.requirements)).toEqual([
      ['runtime.lifecycle.poststop-invoked'],
    ]);
  });
});

describe('hooks.failing-*', () => {
  const rec = (name: string) => parseHookLog(JSON.stringify({ ...record('prestart'), name }) + '\n')[0]!;
  const trial = (over: Partial<FailureTrial> & { kind: FailureTrial['kind'] }): FailureTrial => ({
    label: over.kind,
    timeout: false,
    create: { exitCode: 1, timedOut: false },
    after: 'gone',
    records: [rec(over.kind), rec('poststop')],
    userProgramRan: false,
    ...over,
  });

  it('passes a create-time failure that fails create, leaves nothing and runs poststop', () => {
    expect(checkFailureTrial(trial({ kind: 'prestart' }), 'x')).toEqual([]);
  });

  it('flags a create that succeeds, a container left, a user program run and no poststop', () => {
    const t = trial({
      kind: 'createContainer',
      create: { exitCode: 0, timedOut: false },
      after: 'created',
      userProgramRan: true,
      records: [rec('createContainer')],
    });
    const f = checkFailureTrial(t, 'x');
    expect(reqs(f)).toEqual(['runtime.lifecycle.createContainer-failure']);
    expect(f.map((x) => x.location)).toHaveLength(4);
  });

  it('passes a start-time failure and flags a create failure or a start that succeeds', () => {
    const ok = trial({ kind: 'startContainer', create: { exitCode: 0, timedOut: false } });
    ok.start = { exitCode: 1, timedOut: false };
    ok.after = 'stopped';
    expect(checkFailureTrial(ok, 'x')).toEqual([]);
    // runc 1.1.5 runs poststart during create, so the failing hook fails create instead of start.
    expect(reqs(checkFailureTrial(trial({ kind: 'poststart' }), 'x'))).toEqual([
      'runtime.lifecycle.poststart-failure',
    ]);
    const started = { ...ok, start: { exitCode: 0, timedOut: false } };
    expect(reqs(checkFailureTrial(started, 'x'))).toEqual(['runtime.lifecycle.startContainer-failure']);
  });

  it('ties a hook that outlived its timeout to timeout-enforced', () => {
    const t = trial({ kind: 'createRuntime', timeout: true, hookStillRunning: true });
    expect(reqs(checkFailureTrial(t, 'x'))).toEqual([
      'config.hooks.timeout-enforced',
      'runtime.lifecycle.createRuntime-failure',
    ]);
  });

  it('a failing poststop hook: the next one runs, delete succeeds, the container is gone', () => {
    const good: PoststopTrial = {
      delete: { exitCode: 0, timedOut: false },
      after: 'gone',
      records: [rec('poststop#1'), rec('poststop#2')],
    };
    expect(checkPoststopFailure(good)).toEqual([]);
    const runcLike = { ...good, records: [rec('poststop#1')] };
    expect(reqs(checkPoststopFailure(runcLike))).toEqual(['runtime.lifecycle.poststop-failure-warn']);
    const failedDelete = { ...good, delete: { exitCode: 1, timedOut: false }, after: 'stopped' };
    expect(checkPoststopFailure(failedDelete)).toHaveLength(2);
  });

  it('lists the failing hook with its exit code or timeout, and a recording poststop hook', () => {
    const paths = { hostProbe: '/h/probe', hostLog: '/h/log', containerProbe: '/probe', containerLog: '/l' };
    const h = trialHooks('createRuntime', paths, { timeout: true });
    expect(h.createRuntime?.[0]?.timeout).toBe(1);
    expect(h.createRuntime?.[0]?.args).toContain('--sleep-ms');
    expect(trialHooks('startContainer', paths).startContainer?.[0]?.path).toBe('/probe');
    expect(poststopHooks('/h/probe', '/h/log')[0]?.args).toContain('--exit');
  });
});
