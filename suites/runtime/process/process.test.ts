// Unit tests of the process area checks on fixture observations: they assert requirement ids, not text.
import { describe, expect, it } from 'vitest';
import { caseConfig, fixtureObservation, mountEntry } from '../area-kit.fixtures.js';
import type { Observation } from '../../../harness/probe/observation.js';
import {
  caseArgs,
  caseCwd,
  caseEnv,
  checkExecEnvironment,
  processExecEnvironment,
} from './exec-environment.js';
import { caseOomScoreAdj, checkPrivileges, processPrivileges } from './privileges.js';
import { caseUser, checkUser, processUser } from './user.js';
import { caseRlimits, checkRlimits, parseHardLimits, processRlimits, rlimitSkipReason } from './rlimits.js';
import {
  caseCapabilities,
  checkCapabilities,
  expectedCapabilities,
  processCapabilities,
} from './capabilities.js';

import { callerAttributes, checkDefaults } from './defaults.js';
import { checkInvalidRlimits } from './invalid-rlimits.js';
import { bogusCapability, checkUnknownCapability, knownCapability } from './unknown-capability.js';

import { checkConsole, checkTerminal } from './terminal.js';
import {
  caseDeadline,
  caseIoClassNumber,
  caseIoPriority,
  casePolicyNumber,
  checkScheduling,
} from './scheduling.js';
import { checkContainerProcessState } from './container-process-state.js';
import type { FdReceipt } from '../../../harness/runtime/fd-socket.js';

const configOf = caseConfig;

const reqs = (fs: { requirements: string[] }[]) => fs.flatMap((f) => f.requirements).sort();

describe('process.user', () => {
  const config = configOf(processUser);
  const good = () =>
    fixtureObservation((o) => {
      o.user = {
        uid: 1000,
        euid: 1000,
        suid: 1000,
        gid: 1000,
        egid: 1000,
        sgid: 1000,
        additionalGids: [20, 10],
      };
      o.umask = caseUser.umask;
    });

  it('passes when ids, groups and umask match', () => {
    expect(checkUser(good(), config)).toEqual([]);
  });

  it('allows the primary gid among the supplementary groups', () => {
    const o = good();
    o.user.additionalGids = [1000, 10, 20];
    expect(checkUser(o, config)).toEqual([]);
  });

  it('flags uid, gid, groups and umask that differ', () => {
    const o = fixtureObservation(); // root, no groups, umask 022
    expect(reqs(checkUser(o, config))).toEqual([
      'config.process.user.additionalGids',
      'config.process.user.gid',
      'config.process.user.uid',
      'config.process.user.umask-applied',
    ]);
  });

  it('flags an effective uid that differs from the real one', () => {
    const o = good();
    o.user.euid = 0;
    expect(reqs(checkUser(o, config))).toEqual(['config.process.user.uid']);
  });
});

describe('process.rlimits', () => {
  const config = configOf(processRlimits);
  const withLimits = (nofile: [string, string], core: [string, string] | null) =>
    fixtureObservation((o) => {
      o.rlimits.RLIMIT_NOFILE = { soft: nofile[0], hard: nofile[1] };
      o.rlimits.RLIMIT_CORE = core && { soft: core[0], hard: core[1] };
    });

  it('passes when getrlimit matches', () => {
    expect(checkRlimits(withLimits(['1234', '5678'], ['0', '1000000']), config)).toEqual([]);
  });

  it('flags soft, hard and unreadable limits separately', () => {
    expect(reqs(checkRlimits(withLimits(['1024', '5678'], ['0', '1000000']), config))).toEqual([
      'config.process.rlimits.soft',
    ]);
    expect(reqs(checkRlimits(withLimits(['1234', '1024'], ['0', '1000000']), config))).toEqual([
      'config.process.rlimits.hard',
    ]);
    expect(reqs(checkRlimits(withLimits(['1234', '5678'], null), config))).toEqual([
      'config.process.rlimits.getrlimit-succeeds',
    ]);
  });

  it('skips when a hard limit is above the host limit without CAP_SYS_RESOURCE', () => {
    const limits = parseHardLimits(
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
        'Max core file size        0                    unlimited            bytes     \n' +
        'Max open files            20000                20000                files     \n',
    );
    expect(limits).toEqual({ RLIMIT_CORE: 18446744073709551615n, RLIMIT_NOFILE: 20000n });
    expect(rlimitSkipReason(caseRlimits, limits, ['CAP_CHOWN'])).toBeNull();
    const high = [{ type: 'RLIMIT_NOFILE', soft: 100000, hard: 100000 }];
    expect(rlimitSkipReason(high, limits, ['CAP_CHOWN'])).toMatch(/CAP_SYS_RESOURCE/);
    expect(rlimitSkipReason(high, limits, ['CAP_SYS_RESOURCE'])).toBeNull();
  });
});

describe('process.capabilities', () => {
  const config = configOf(processCapabilities);
  const set = (names: string[]) => ({ hex: '0', names });

  it('the case config is a fixed point of execve for uid 0 with no_new_privs', () => {
    const want = expectedCapabilities(caseCapabilities, { uid: 0, noNewPrivileges: true });
    for (const k of Object.keys(caseCapabilities) as (keyof typeof caseCapabilities)[])
      expect(want[k]).toEqual([...caseCapabilities[k]].sort());
  });

  it('models the kernel: E = P after exec for root, P clamped by no_new_privs (host notes 3.3 data)', () => {
    const want = expectedCapabilities(
      {
        bounding: ['CAP_CHOWN', 'CAP_NET_RAW', 'CAP_SYS_ADMIN', 'CAP_KILL'],
        effective: ['CAP_CHOWN', 'CAP_NET_RAW'],
        permitted: ['CAP_CHOWN', 'CAP_NET_RAW', 'CAP_SYS_ADMIN'],
        inheritable: ['CAP_CHOWN', 'CAP_NET_RAW'],
        ambient: ['CAP_CHOWN'],
      },
      { uid: 0, noNewPrivileges: true },
    );
    expect(want).toEqual({
      bounding: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW', 'CAP_SYS_ADMIN'],
      effective: ['CAP_CHOWN', 'CAP_NET_RAW', 'CAP_SYS_ADMIN'],
      permitted: ['CAP_CHOWN', 'CAP_NET_RAW', 'CAP_SYS_ADMIN'],
      inheritable: ['CAP_CHOWN', 'CAP_NET_RAW'],
      ambient: ['CAP_CHOWN'],
    });
  });

  it('non-root keeps only ambient in P and E; ambient needs P and I; ungrantable caps are dropped', () => {
    const want = expectedCapabilities(
      {
        bounding: ['CAP_KILL', 'CAP_SYS_RESOURCE'],
        permitted: ['CAP_KILL'],
        inheritable: [],
        ambient: ['CAP_KILL'],
      },
      { uid: 1000, noNewPrivileges: true, grantable: ['CAP_KILL'] },
    );
    expect(want).toEqual({
      bounding: ['CAP_KILL'],
      effective: [],
      permitted: [],
      inheritable: [],
      ambient: [],
    });
  });

  it('passes on the applied sets and flags each set that differs', () => {
    const applied = fixtureObservation((o) => {
      o.capabilities = {
        bounding: set(['CAP_KILL', 'CAP_CHOWN', 'CAP_NET_RAW']),
        effective: set(['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW']),
        permitted: set(['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW']),
        inheritable: set(['CAP_CHOWN']),
        ambient: set(['CAP_CHOWN']),
      };
    });
    expect(checkCapabilities(applied, config)).toEqual([]);
    // The runtime ignored the capabilities: the process kept everything root had.
    const all = ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW', 'CAP_SYS_ADMIN'];
    const ignored = fixtureObservation((o) => {
      o.capabilities = {
        bounding: set(all),
        effective: set(all),
        permitted: set(all),
        inheritable: set([]),
        ambient: set([]),
      };
    });
    expect(reqs(checkCapabilities(ignored, config))).toEqual([
      'config.process.capabilities.ambient',
      'config.process.capabilities.bounding',
      'config.process.capabilities.effective',
      'config.process.capabilities.inheritable',
      'config.process.capabilities.permitted',
    ]);
  });
});

describe('process.exec-environment', () => {
  const config = caseConfig(processExecEnvironment);
  const good = () =>
    fixtureObservation((o) => {
      o.args = [...caseArgs];
      o.cwd = caseCwd;
      o.env = [...caseEnv, 'HOME=/root'];
    });

  it('passes when argv, cwd and every configured variable match (extra variables allowed)', () => {
    expect(checkExecEnvironment(good(), config)).toEqual([]);
  });

  it('flags argv, cwd and a missing variable separately', () => {
    const o = good();
    o.args = ['/probe', 'report'];
    o.cwd = '/';
    o.env = o.env.filter((e) => !e.startsWith('OCI_CONFORM_EMPTY'));
    expect(reqs(checkExecEnvironment(o, config))).toEqual([
      'config.process.args-execvp',
      'config.process.cwd-applied',
      'config.process.env-applied',
    ]);
  });
});

describe('process.privileges', () => {
  const config = caseConfig(processPrivileges);

  it('passes when no_new_privs is set and oom_score_adj matches', () => {
    expect(
      checkPrivileges(
        fixtureObservation((o) => (o.oomScoreAdj = caseOomScoreAdj)),
        config,
      ),
    ).toEqual([]);
  });

  it('flags a missing no_new_privs and another oom_score_adj', () => {
    const o = fixtureObservation((o) => {
      o.noNewPrivs = false;
      o.oomScoreAdj = 0;
    });
    expect(reqs(checkPrivileges(o, config))).toEqual([
      'config.process.noNewPrivileges',
      'config.process.oomScoreAdj.set',
    ]);
  });
});

describe('process.defaults', () => {
  const caller = { oomScoreAdj: 0, umask: 0o022 };
  const good = () =>
    fixtureObservation((o) => {
      o.oomScoreAdj = 0;
      o.umask = 0o022;
      o.fds = [
        { fd: 0, target: '/dev/null' },
        { fd: 1, target: '/tmp/case/stdout' },
        { fd: 2, target: '/tmp/case/stderr' },
      ];
    });

  it('passes when stdio are the harness files and the caller attributes are kept', () => {
    expect(checkDefaults(good(), caller)).toEqual([]);
  });

  it('flags a terminal on stdio, an extra fd, and changed oom_score_adj and umask', () => {
    const o = good();
    o.fds = [
      { fd: 0, target: '/dev/pts/0' },
      { fd: 1, target: '/dev/pts/0' },
      { fd: 2, target: '/dev/pts/0' },
      { fd: 5, target: 'pipe:[123]' },
    ];
    o.oomScoreAdj = 777;
    o.umask = 0o077;
    expect(reqs(checkDefaults(o, caller))).toEqual([
      'config.process.consoleSize-ignored-without-terminal',
      'config.process.oomScoreAdj.unset-unchanged',
      'config.process.terminal-default-false',
      'config.process.user.umask-unset',
      'runtime-linux.fds.only-stdio-by-default',
    ]);
  });

  it('reads the caller attributes from procfs', () => {
    const c = callerAttributes();
    expect(typeof c.oomScoreAdj).toBe('number');
    expect(c.umask).toBeGreaterThanOrEqual(0);
  });
});

describe('process.invalid-rlimits', () => {
  const ok = { exitCode: 1, timedOut: false };
  it('passes when create fails and leaves no container', () => {
    expect(checkInvalidRlimits({ kind: 'unknown', create: ok, stateAfter: false })).toEqual([]);
  });
  it('flags a create that succeeds or leaves the container behind', () => {
    expect(
      reqs(
        checkInvalidRlimits({
          kind: 'duplicate',
          create: { exitCode: 0, timedOut: false },
          stateAfter: true,
        }),
      ),
    ).toEqual(['config.process.rlimits.duplicate-error', 'runtime.lifecycle.create-env-failure-error']);
    expect(reqs(checkInvalidRlimits({ kind: 'unknown', create: ok, stateAfter: true }))).toEqual([
      'config.process.rlimits.unknown-type-error',
      'runtime.lifecycle.create-env-failure-error',
    ]);
    expect(
      reqs(
        checkInvalidRlimits({
          kind: 'unknown',
          create: { exitCode: null, timedOut: true },
          stateAfter: false,
        }),
      ),
    ).toEqual(['config.process.rlimits.unknown-type-error', 'runtime.lifecycle.create-env-failure-error']);
  });
});

describe('process.unknown-capability', () => {
  const withKill = fixtureObservation((o) => {
    o.capabilities!.effective = { hex: '20', names: [knownCapability] };
  });
  const created = (exitCode: number, output: string) => ({ exitCode, timedOut: false, output });

  it('passes on a warning naming the capability and the known one applied', () => {
    const out = `level=warning msg="ignoring unknown or unavailable capabilities: [${bogusCapability}]"`;
    expect(checkUnknownCapability({ create: created(0, out), observation: withKill })).toEqual([]);
  });

  it('flags a silent create, a failed create, and a dropped known capability', () => {
    expect(reqs(checkUnknownCapability({ create: created(0, ''), observation: withKill }))).toEqual([
      'config.process.capabilities.unmappable-warning',
    ]);
    expect(reqs(checkUnknownCapability({ create: created(1, bogusCapability) }))).toEqual([
      'config.process.capabilities.no-fail-ungrantable',
      'runtime.warnings.continue',
    ]);
    expect(
      reqs(
        checkUnknownCapability({
          create: created(0, bogusCapability),
          observation: fixtureObservation((o) => (o.capabilities!.effective = { hex: '0', names: [] })),
        }),
      ),
    ).toEqual(['config.process.capabilities.no-fail-ungrantable', 'runtime.warnings.continue']);
  });
});

describe('process.terminal', () => {
  const console0 = (o: Observation, major = 136, minor = 0) => {
    o.fds = [0, 1, 2].map((fd) => ({ fd, target: '/dev/pts/0' }));
    o.paths = [
      {
        path: '/dev/console',
        exists: true,
        type: 'char',
        mode: 0o620,
        uid: 0,
        gid: 5,
        size: 0,
        major,
        minor,
        read: { ok: true, errno: 0, error: null },
        write: { ok: true, errno: 0, error: null },
      },
    ];
    o.mounts = [
      ...(o.mounts ?? []),
      mountEntry({ mountPoint: '/dev/console', fstype: 'devpts', root: '/0' }),
    ];
  };
  const report = JSON.stringify(fixtureObservation((o) => console0(o)));
  const receipt = (output: string, winsize: { rows: number; cols: number } | null): FdReceipt => ({
    event: 'recvfd',
    connected: true,
    messages: [{ bytes: 9, fds: 1 }],
    payload: '/dev/ptmx',
    fds: [{ link: '/dev/ptmx', tty: true, output, winsize }],
  });

  it('passes on a pty master whose output is the report with stdio on /dev/pts, sized as configured', () => {
    expect(checkTerminal(receipt(report.replace(/\n/g, '\r\n'), { rows: 25, cols: 100 }))).toEqual([]);
  });

  it('flags no terminal received, stdio elsewhere and a wrong size', () => {
    expect(reqs(checkTerminal(undefined))).toEqual(['config.process.terminal']);
    const elsewhere = JSON.stringify(fixtureObservation((o) => (o.fds = [{ fd: 0, target: '/dev/null' }])));
    expect(reqs(checkTerminal(receipt(elsewhere, { rows: 24, cols: 80 })))).toEqual([
      'config-linux.default-devices.console',
      'config-linux.default-devices.console',
      'config.process.consoleSize-applied',
      'config.process.terminal',
    ]);
  });

  it('flags /dev/console that is not the pty slave on stdin, or not a mount', () => {
    const nullConsole = fixtureObservation((o) => console0(o, 1, 3));
    expect(checkConsole(nullConsole).map((f) => f.check)).toEqual(['/dev/console']);
    const otherPty = fixtureObservation((o) => console0(o, 136, 4));
    expect(checkConsole(otherPty).map((f) => f.check)).toEqual(['/dev/console']);
    const unmounted = fixtureObservation((o) => {
      console0(o);
      o.mounts = o.mounts!.filter((m) => m.mountPoint !== '/dev/console');
    });
    expect(reqs(checkConsole(unmounted))).toEqual(['config-linux.default-devices.console']);
    expect(checkConsole(fixtureObservation((o) => console0(o)))).toEqual([]);
  });
});

describe('process.container-process-state', () => {
  const payload = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      ociVersion: '1.1.0',
      fds: ['seccompFd'],
      pid: 42,
      metadata: 'm',
      state: { ociVersion: '1.1.0', id: 'c1', status: 'creating', pid: 42, bundle: '/b' },
      ...over,
    });
  const receipt = (p: string, messages = [{ bytes: p.length, fds: 1 }], fds = 1): FdReceipt => ({
    event: 'recvfd',
    connected: true,
    messages,
    payload: p,
    fds: Array.from({ length: fds }, () => ({ link: 'anon_inode:seccomp notify', tty: false })),
  });
  const want = { containerId: 'c1', statePid: 42 };

  it('passes on the state with its seccomp fd in the first message', () => {
    expect(checkContainerProcessState(receipt(payload()), want)).toEqual([]);
  });

  it('flags no connection, fds after the first message, missing fields and another pid', () => {
    expect(reqs(checkContainerProcessState(undefined, want))).toEqual(['config-linux.cps.payload-and-fds']);
    const split = receipt(payload(), [
      { bytes: 10, fds: 0 },
      { bytes: 10, fds: 1 },
    ]);
    expect(reqs(checkContainerProcessState(split, want))).toEqual(['config-linux.cps.fds-in-first-message']);
    expect(reqs(checkContainerProcessState(receipt(payload({ ociVersion: 1, pid: 7 })), want))).toEqual([
      'config-linux.cps.fields',
      'config-linux.cps.pid-runtime-view',
    ]);
    expect(reqs(checkContainerProcessState(receipt(payload(), undefined, 0), want))).toEqual([
      'config-linux.cps.payload-and-fds',
    ]);
    expect(reqs(checkContainerProcessState(receipt('garbage'), want))).toEqual([
      'config-linux.cps.payload-and-fds',
    ]);
  });
});

describe('process.scheduling', () => {
  const sched = (edit: (o: Observation) => void = () => {}) =>
    fixtureObservation((o) => {
      o.schedAttr = {
        policy: casePolicyNumber,
        flags: '0',
        nice: 0,
        priority: 0,
        runtime: '1400000',
        deadline: '0',
        period: '0',
      };
      o.ioPriority = { class: caseIoClassNumber, level: caseIoPriority.priority };
      edit(o);
    });
  const host = { runtime: '1400000' };

  it('passes on the policy applied, the omitted fields at their defaults and the I/O priority set', () => {
    expect(checkScheduling(sched(), host)).toEqual([]);
  });

  it('flags a nice or priority not 0, a runtime other than the default slice, another policy and I/O priority', () => {
    const f = checkScheduling(
      sched((o) => {
        o.schedAttr = { ...o.schedAttr!, policy: 0, nice: 5, priority: 1, runtime: '3000000' };
        o.ioPriority = { class: 0, level: 4 };
      }),
      host,
    );
    expect(reqs(f)).toEqual([
      'config.process.ioPriority.applied',
      'config.process.scheduler.applied',
      'config.process.scheduler.nice-default-zero',
      'config.process.scheduler.priority-default-zero',
      'config.process.scheduler.runtime-default-zero',
    ]);
  });

  it('checks the deadline container: policy applied, the omitted period taken as 0 (period equals deadline)', () => {
    const dl = (policy: number, period: string) =>
      fixtureObservation((o) => {
        o.schedAttr = {
          policy,
          flags: '0',
          nice: 0,
          priority: 0,
          runtime: String(caseDeadline.runtime),
          deadline: String(caseDeadline.deadline),
          period,
        };
      });
    expect(checkScheduling(sched(), host, dl(6, String(caseDeadline.deadline)))).toEqual([]);
    expect(reqs(checkScheduling(sched(), host, dl(6, '1000000000')))).toEqual([
      'config.process.scheduler.period-default-zero',
    ]);
    expect(reqs(checkScheduling(sched(), host, dl(0, '0')))).toEqual(['config.process.scheduler.applied']);
  });

  it('does not compare the runtime without the host value, and flags unreadable attributes', () => {
    expect(
      checkScheduling(
        sched((o) => (o.schedAttr!.runtime = '9')),
        undefined,
      ),
    ).toEqual([]);
    expect(
      reqs(
        checkScheduling(
          sched((o) => {
            o.schedAttr = null;
            o.ioPriority = null;
          }),
          host,
        ),
      ),
    ).toEqual(['config.process.ioPriority.applied', 'config.process.scheduler.applied']);
  });
});
