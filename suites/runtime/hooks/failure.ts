// hooks.failing-*: what a runtime must do when a hook fails (runtime.md lifecycle steps 3-13): a failing
// prestart, createRuntime or createContainer hook fails create, a failing startContainer or poststart hook
// fails start; either way the container is stopped and destroyed and poststop runs. A failing poststop
// hook is only a warning. A hook that outlives its timeout is aborted and counts as failing.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import type { Finding } from '../../../model/report.js';
import type { HookRecord } from '../../../harness/probe/observation.js';
import type { HookEntry, HookType, RuntimeConfig } from '../../../harness/runtime/config-builder.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { compareVersions } from '../../../model/version.js';
import { observationFinding } from '../area-kit.js';
import { defineCase, type Bundle, type CaseContext } from '../../../harness/runtime/case.js';
import { hookLogDir, readHookLog } from './order-and-state.js';

/** The hook kinds whose failure the cases provoke. */
export type FailingKind = Exclude<HookType, 'poststop'>;

const failure: Record<FailingKind, RuntimeRequirementId> = {
  prestart: 'runtime.lifecycle.prestart-failure',
  createRuntime: 'runtime.lifecycle.createRuntime-failure',
  createContainer: 'runtime.lifecycle.createContainer-failure',
  startContainer: 'runtime.lifecycle.startContainer-failure',
  poststart: 'runtime.lifecycle.poststart-failure',
};

/** The operation a failing hook of each kind must fail. */
export const failsOperation: Record<FailingKind, 'create' | 'start'> = {
  prestart: 'create',
  createRuntime: 'create',
  createContainer: 'create',
  startContainer: 'start',
  poststart: 'start',
};

/** Marker the user program (the probe) creates when it is exec'd. */
export const userMarker = '/oci-conform-user-program-ran';

/** Exit code of the failing hook. */
export const failingExit = 3;

/** How long a hook that must be aborted by its timeout sleeps, and its timeout (seconds). */
export const timeoutSleepMs = 20_000;
export const hookTimeout = 1;

/**
 * Hooks of one trial: the hook under test (failing with exit 3, or sleeping past `timeout` when `timeout`
 * is set), then a poststop hook that only records. startContainer runs in the container (its path and log
 * are container paths); the others run the host copy of the probe and log to the rootfs's host path.
 */
export function trialHooks(
  kind: FailingKind,
  paths: { hostProbe: string; hostLog: string; containerProbe: string; containerLog: string },
  opts: { timeout?: boolean } = {},
): Partial<Record<HookType, HookEntry[]>> {
  const inContainer = kind === 'startContainer';
  const failing: HookEntry = {
    path: inContainer ? paths.containerProbe : paths.hostProbe,
    args: [
      'oci-conform-hook',
      'hook',
      '--log',
      inContainer ? paths.containerLog : paths.hostLog,
      '--name',
      kind,
      ...(opts.timeout ? ['--sleep-ms', String(timeoutSleepMs)] : ['--exit', String(failingExit)]),
    ],
  };
  if (opts.timeout) failing.timeout = hookTimeout;
  return {
    [kind]: [failing],
    poststop: [
      {
        path: paths.hostProbe,
        args: ['oci-conform-hook', 'hook', '--log', paths.hostLog, '--name', 'poststop'],
      },
    ],
  };
}

/** What the harness saw in one failing-hook trial. */
export interface FailureTrial {
  kind: FailingKind;
  /** Key prefix of the findings (unique within the case), e.g. `prestart` or `createRuntime timeout`. */
  label: string;
  /** The hook that failed was aborted by its timeout rather than exiting non-zero. */
  timeout: boolean;
  create: { exitCode: number | null; timedOut: boolean };
  /** Absent when create already failed (start was not called). */
  start?: { exitCode: number | null; timedOut: boolean };
  /**
   * The container after the failed operation (and, for start, after the harness waited for it to stop):
   * `gone` when `state` fails, else the status it reports.
   */
  after: 'gone' | string;
  records: HookRecord[];
  /** The user program was exec'd (its marker exists). */
  userProgramRan: boolean;
  /** The timed-out hook's process still exists after create returned. */
  hookStillRunning?: boolean;
}

const failed = (r: { exitCode: number | null; timedOut: boolean }) =>
  !r.timedOut && r.exitCode !== null && r.exitCode !== 0;

/**
 * Judges one trial against runtime.md: the operation during which the hook runs fails, the container is
 * stopped and destroyed (SPEC: "jump to step 12" destroys it without a delete call, so afterwards `state`
 * must fail or at least report it stopped; we accept both), the user program never ran for create-time
 * and startContainer hooks, and poststop ran.
 */
export function checkFailureTrial(t: FailureTrial, rule: string): Finding[] {
  const out: Finding[] = [];
  const req = failure[t.kind];
  const reqs: RuntimeRequirementId[] = t.timeout ? [req, 'config.hooks.timeout-enforced'] : [req];
  const f = (field: string, message: string, expected?: unknown, actual?: unknown) =>
    out.push(observationFinding(rule, reqs, `${t.label}: ${field}`, message, expected, actual));
  const what = t.timeout ? `a ${t.kind} hook past its ${hookTimeout} s timeout` : `a failing ${t.kind} hook`;
  const ran = t.records.some((r) => r.name === t.kind);
  if (!ran) {
    f('hook ran', `expected ${what} to run, found no record of it`, 'a record', 'none');
    return out;
  }
  const op = failsOperation[t.kind];
  const outcome = (r: { exitCode: number | null; timedOut: boolean }) =>
    r.timedOut ? 'no answer (killed by the harness)' : `exit code ${String(r.exitCode)}`;
  if (op === 'create') {
    if (!failed(t.create))
      f(
        'create',
        `expected create to fail after ${what}, found ${outcome(t.create)}`,
        'non-zero exit',
        outcome(t.create),
      );
  } else if (t.create.timedOut || t.create.exitCode !== 0) {
    f(
      'create',
      `expected create to succeed and ${what} to fail start, found create failing (${outcome(t.create)})`,
      'exit code 0',
      outcome(t.create),
    );
    return out;
  } else if (!t.start || !failed(t.start)) {
    const got = t.start ? outcome(t.start) : 'start not called';
    f('start', `expected start to fail after ${what}, found ${got}`, 'non-zero exit', got);
  }
  if (t.after !== 'gone' && t.after !== 'stopped')
    f(
      'container after failure',
      `expected the container stopped and destroyed after ${what}, found state reporting it ${t.after}`,
      'gone or stopped',
      t.after,
    );
  if (t.kind !== 'poststart' && t.userProgramRan)
    f('user program', `expected the user program never to run after ${what}, found it ran`, false, true);
  if (!t.records.some((r) => r.name === 'poststop'))
    f(
      'poststop',
      `expected the poststop hook to run after ${what} destroyed the container, found it did not`,
      'a record',
      'none',
    );
  if (t.timeout && t.hookStillRunning)
    f(
      'hook aborted',
      `expected the hook to be aborted after its ${hookTimeout} s timeout, found its process still running when create returned`,
      'gone',
      'running',
    );
  return out;
}

/** Everything a trial needs: a bundle with the trial's hooks and a marker-writing user program. */
async function prepareTrial(
  ctx: CaseContext,
  kind: FailingKind,
  opts: { timeout?: boolean },
  program: string[],
): Promise<{ bundle: Bundle; hostLog: string }> {
  const bundle = await ctx.makeBundle((c) => c.probe(program[0]!, program.slice(1), { marker: userMarker }));
  await mkdir(bundle.hostPath(hookLogDir), { recursive: true, mode: 0o777 });
  const hostLog = bundle.hostPath(`${hookLogDir}/hooks.log`);
  const config: RuntimeConfig = structuredClone(bundle.config);
  config.hooks = trialHooks(
    kind,
    {
      hostProbe: bundle.hostPath(ctx.probe),
      hostLog,
      containerProbe: ctx.probe,
      containerLog: `${hookLogDir}/hooks.log`,
    },
    opts,
  );
  await bundle.writeConfig(config);
  return { bundle, hostLog };
}

/** `gone` when `state` fails for the id, else its status. */
async function stateAfter(ctx: CaseContext, id: string): Promise<string> {
  const st = await ctx.runtime.state(id);
  if (st.exitCode !== 0) return 'gone';
  return typeof st.state?.status === 'string' ? st.state.status : JSON.stringify(st.state?.status);
}

/** Waits (with a deadline) until the container is gone or stopped; returns what it found last. */
async function settle(ctx: CaseContext, id: string): Promise<string> {
  const deadline = Date.now() + 5_000;
  let last = await stateAfter(ctx, id);
  while (last !== 'gone' && last !== 'stopped' && Date.now() < deadline && !ctx.signal.aborted) {
    await new Promise((r) => setTimeout(r, 100));
    last = await stateAfter(ctx, id);
  }
  return last;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function hookStillRunning(records: HookRecord[], kind: FailingKind): Promise<boolean> {
  const rec = records.find((r) => r.name === kind);
  if (!rec || !alive(rec.pid)) return false;
  // The pid may have been reused: it is the hook only if it still runs the probe's hook mode.
  try {
    const cmd = (await readFile(`/proc/${rec.pid}/cmdline`, 'utf8')).split('\0');
    return cmd.includes('hook') && cmd.includes(kind);
  } catch {
    return false;
  }
}

/** Runs one trial: create (and start for start-time hooks), then observes what was left. */
async function runTrial(
  ctx: CaseContext,
  kind: FailingKind,
  opts: { timeout?: boolean } = {},
): Promise<FailureTrial> {
  const label = opts.timeout ? `${kind} timeout` : kind;
  // A poststart trial needs a user program that keeps running until the runtime stops it.
  const program = kind === 'poststart' ? ['wait'] : ['report'];
  const { bundle, hostLog } = await prepareTrial(ctx, kind, opts, program);
  const id = ctx.newContainerId(label.replace(/\W+/g, '-'));
  const created = await ctx.runtime.create({ id, bundle });
  const trial: FailureTrial = {
    kind,
    label,
    timeout: opts.timeout === true,
    create: { exitCode: created.exitCode, timedOut: created.timedOut },
    after: 'gone',
    records: [],
    userProgramRan: false,
  };
  if (opts.timeout) trial.hookStillRunning = await hookStillRunning(await readHookLog(hostLog), kind);
  if (failsOperation[kind] === 'start' && created.exitCode === 0) {
    const started = await ctx.runtime.start(id);
    trial.start = { exitCode: started.exitCode, timedOut: started.timedOut };
    trial.after = await settle(ctx, id);
  } else {
    trial.after = await stateAfter(ctx, id);
  }
  // A container left behind is deleted so that its poststop hook (if any) has had its chance to run.
  if (trial.after !== 'gone') {
    await ctx.runtime.kill('KILL', id);
    await settle(ctx, id);
    await ctx.runtime.delete({ id });
  }
  trial.records = await readHookLog(hostLog);
  trial.userProgramRan = existsSync(bundle.hostPath(userMarker));
  return trial;
}

const createKinds: FailingKind[] = ['prestart', 'createRuntime', 'createContainer'];

export const hooksFailingCreateHooks = defineCase({
  id: 'hooks.failing-create-hooks',
  group: 'hooks',
  requirements: [
    'runtime.lifecycle.prestart-failure',
    'runtime.lifecycle.createRuntime-failure',
    'runtime.lifecycle.createContainer-failure',
    'config.hooks.timeout-enforced',
  ],
  description:
    'a failing prestart, createRuntime and createContainer hook (and a createRuntime hook past its timeout) each fail create, leave no container, never run the user program and run poststop',
  timeoutMs: 60_000,
  async run(ctx) {
    const trials = await Promise.all([
      ...createKinds.map((k) => runTrial(ctx, k)),
      runTrial(ctx, 'createRuntime', { timeout: true }),
    ]);
    ctx.observe('trials', trials);
    return trials.flatMap((t) => checkFailureTrial(t, 'hooks.failing-create-hooks'));
  },
});

export const hooksFailingStartHooks = defineCase({
  id: 'hooks.failing-start-hooks',
  group: 'hooks',
  requirements: ['runtime.lifecycle.startContainer-failure', 'runtime.lifecycle.poststart-failure'],
  description:
    'a failing startContainer hook and (spec 1.3.0+) a failing poststart hook each fail start, leave the container stopped or gone and run poststop',
  timeoutMs: 45_000,
  async run(ctx) {
    // SPEC: before 1.3.0 a failing poststart hook only produced a warning (runtime.md step 9); the
    // requirement to fail start and destroy the container is new in 1.3.0, so older versions skip it.
    const poststart = compareVersions(ctx.specVersion, '1.3.0') >= 0;
    if (!poststart)
      ctx.note(`spec ${ctx.specVersion}: a failing poststart hook is only a warning; not checked`);
    const kinds: FailingKind[] = poststart ? ['startContainer', 'poststart'] : ['startContainer'];
    const trials = await Promise.all(kinds.map((k) => runTrial(ctx, k)));
    ctx.observe('trials', trials);
    return trials.flatMap((t) => checkFailureTrial(t, 'hooks.failing-start-hooks'));
  },
});

/** Two poststop hooks, the first failing: the second must still run and delete must succeed. */
export function poststopHooks(hostProbe: string, hostLog: string): HookEntry[] {
  return [
    {
      path: hostProbe,
      args: [
        'oci-conform-hook',
        'hook',
        '--log',
        hostLog,
        '--name',
        'poststop#1',
        '--exit',
        String(failingExit),
      ],
    },
    { path: hostProbe, args: ['oci-conform-hook', 'hook', '--log', hostLog, '--name', 'poststop#2'] },
  ];
}

/** What the harness saw when deleting a container whose first poststop hook fails. */
export interface PoststopTrial {
  delete: { exitCode: number | null; timedOut: boolean };
  after: 'gone' | string;
  records: HookRecord[];
}

/** A failing poststop hook is a warning only: the next hook runs, delete succeeds, the container is gone. */
export function checkPoststopFailure(t: PoststopTrial): Finding[] {
  const out: Finding[] = [];
  const reqs: RuntimeRequirementId[] = ['runtime.lifecycle.poststop-failure-warn'];
  const f = (field: string, message: string, expected?: unknown, actual?: unknown) =>
    out.push(observationFinding('hooks.failing-poststop', reqs, field, message, expected, actual));
  const names = t.records.map((r) => r.name);
  if (!names.includes('poststop#1')) {
    f(
      'failing hook ran',
      'expected the failing poststop hook to run at delete, found no record of it',
      'a record',
      names,
    );
    return out;
  }
  if (!names.includes('poststop#2'))
    f(
      'next hook ran',
      'expected the poststop hook after the failing one to run as if it had succeeded, found it did not',
      'a record',
      names,
    );
  if (!failed(t.delete) && t.delete.exitCode === 0) {
    /* delete succeeded, as it must */
  } else
    f(
      'delete',
      `expected delete to succeed (a failing poststop hook is only a warning), found ${t.delete.timedOut ? 'no answer' : `exit code ${String(t.delete.exitCode)}`}`,
      'exit code 0',
      t.delete.exitCode,
    );
  if (t.after !== 'gone')
    f(
      'container after delete',
      `expected the container gone after delete, found state reporting it ${t.after}`,
      'gone',
      t.after,
    );
  return out;
}

export const hooksFailingPoststop = defineCase({
  id: 'hooks.failing-poststop',
  group: 'hooks',
  requirements: ['runtime.lifecycle.poststop-failure-warn'],
  description:
    'the first of two poststop hooks fails: delete still succeeds, the second hook runs and the container is gone',
  async run(ctx) {
    const b = ctx.bundle;
    await mkdir(b.hostPath(hookLogDir), { recursive: true, mode: 0o777 });
    const hostLog = b.hostPath(`${hookLogDir}/poststop.log`);
    const config = structuredClone(b.config);
    config.hooks = { poststop: poststopHooks(b.hostPath(ctx.probe), hostLog) };
    await b.writeConfig(config);
    const created = await ctx.runtime.create();
    if (
      !ctx.check.succeeded(created, {
        requirements: ['runtime.create.creates-container'],
        what: 'create with two poststop hooks',
      })
    )
      return;
    await ctx.runtime.kill('KILL');
    await ctx.waitForStatus('stopped');
    const deleted = await ctx.runtime.delete();
    const trial: PoststopTrial = {
      delete: { exitCode: deleted.exitCode, timedOut: deleted.timedOut },
      after: await stateAfter(ctx, ctx.containerId),
      records: await readHookLog(hostLog),
    };
    ctx.observe('trial', trial);
    return checkPoststopFailure(trial);
  },
});
