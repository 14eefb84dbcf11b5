// hooks.order-and-state: one hook of each kind (the probe in `hook` mode) records when it ran, what it got on
// stdin, its argv/env and namespaces; the check compares that with the lifecycle of runtime.md and config.md.
import { mkdir, readFile, stat } from 'node:fs/promises';
import type { Finding } from '../../../model/report.js';
import { parseHookLog, type HookRecord, type NamespaceKind } from '../../../harness/probe/observation.js';
import type { HookEntry, HookType, RuntimeConfig } from '../../../harness/runtime/config-builder.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { HOOK_KINDS } from '../../../schemas/runtime/vocabulary.js';
import { observationFinding, statusRequirements } from '../area-kit.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';

const id = 'hooks.order-and-state';

/** The hook kinds in the order runtime.md's lifecycle invokes them (the spec's list is in that order). */
export const hookOrder: HookType[] = [...HOOK_KINDS];

/** The records of the hook log at `hostLog` (host path); none when the file is missing (no hook ran). */
export async function readHookLog(hostLog: string): Promise<HookRecord[]> {
  let text = '';
  try {
    text = await readFile(hostLog, 'utf8');
  } catch {
    /* no hook ran */
  }
  return parseHookLog(text);
}

/** Directory (inside the rootfs) holding the hook log; host hooks reach it through the rootfs's host path. */
export const hookLogDir = '/oci-conform-hooks';

const invoked: Record<HookType, RuntimeRequirementId> = {
  prestart: 'runtime.lifecycle.prestart-invoked',
  createRuntime: 'runtime.lifecycle.createRuntime-invoked',
  createContainer: 'runtime.lifecycle.createContainer-invoked',
  startContainer: 'runtime.lifecycle.startContainer-invoked',
  poststart: 'runtime.lifecycle.poststart-invoked',
  poststop: 'runtime.lifecycle.poststop-invoked',
};

const timing: Record<HookType, RuntimeRequirementId> = {
  prestart: 'config.hooks.prestart.timing',
  createRuntime: 'config.hooks.createRuntime.timing',
  createContainer: 'config.hooks.createContainer.timing',
  startContainer: 'config.hooks.startContainer.timing',
  poststart: 'config.hooks.poststart.timing',
  poststop: 'config.hooks.poststop.timing',
};

/** The operation during which each kind must run. */
const during: Record<HookType, 'create' | 'start' | 'delete'> = {
  prestart: 'create',
  createRuntime: 'create',
  createContainer: 'create',
  startContainer: 'start',
  poststart: 'start',
  poststop: 'delete',
};

/**
 * The status the state on a hook's stdin must show.
 * SPEC: the spec does not list a status per hook; it follows from the lifecycle: create-time hooks run while
 * the container is being created ("creating"), startContainer before the user program runs ("created"),
 * poststart after it was started ("running"), poststop after the container stopped ("stopped").
 */
const statusFor: Record<HookType, { status: string; requirement: RuntimeRequirementId }> = {
  prestart: { status: 'creating', requirement: 'runtime.state.status-creating' },
  createRuntime: { status: 'creating', requirement: 'runtime.state.status-creating' },
  createContainer: { status: 'creating', requirement: 'runtime.state.status-creating' },
  startContainer: { status: 'created', requirement: 'runtime.state.status-created' },
  poststart: { status: 'running', requirement: 'runtime.state.status-running' },
  poststop: { status: 'stopped', requirement: 'runtime.state.status-stopped' },
};

/** Where each kind must execute, and its requirement. */
const execNs: Record<HookType, { where: 'runtime' | 'container'; requirement: RuntimeRequirementId }> = {
  prestart: { where: 'runtime', requirement: 'config.hooks.prestart.exec-runtime-ns' },
  createRuntime: { where: 'runtime', requirement: 'config.hooks.createRuntime.exec-runtime-ns' },
  createContainer: { where: 'container', requirement: 'config.hooks.createContainer.exec-container-ns' },
  startContainer: { where: 'container', requirement: 'config.hooks.startContainer.exec-container-ns' },
  poststart: { where: 'runtime', requirement: 'config.hooks.poststart.exec-runtime-ns' },
  poststop: { where: 'runtime', requirement: 'config.hooks.poststop.exec-runtime-ns' },
};

/** Where each kind's path must be resolved (config.md POSIX-platform Hooks), and its requirement. */
const pathNs: Record<HookType, { where: 'runtime' | 'container'; requirement: RuntimeRequirementId }> = {
  prestart: { where: 'runtime', requirement: 'config.hooks.prestart.path-runtime-ns' },
  createRuntime: { where: 'runtime', requirement: 'config.hooks.createRuntime.path-runtime-ns' },
  createContainer: { where: 'runtime', requirement: 'config.hooks.createContainer.path-runtime-ns' },
  startContainer: { where: 'container', requirement: 'config.hooks.startContainer.path-container-ns' },
  poststart: { where: 'runtime', requirement: 'config.hooks.poststart.path-runtime-ns' },
  poststop: { where: 'runtime', requirement: 'config.hooks.poststop.path-runtime-ns' },
};

/**
 * Namespaces compared. SPEC: for runtime-namespace hooks the mount namespace is left out: a runtime
 * wrapper may run the runtime in a private mount namespace of its own (the crun hybrid-cgroup wrapper
 * does), and then the runtime's namespace is not the harness's.
 */
const runtimeKinds: NamespaceKind[] = ['pid', 'net', 'uts', 'ipc'];
const containerKinds: NamespaceKind[] = ['pid', 'net', 'uts', 'ipc', 'mnt'];

/** CLOCK_MONOTONIC bounds (ns) of each runtime operation, as the harness measured them. */
export interface Timeline {
  create: [bigint, bigint];
  start: [bigint, bigint];
  delete: [bigint, bigint];
}

export interface HookCheckInput {
  config: RuntimeConfig;
  containerId: string;
  bundleDir: string;
  timeline: Timeline;
  /** Namespace inodes of the runtime (the harness). */
  runtimeNs: Partial<Record<NamespaceKind, number>>;
  /** Namespace inodes of the container process, read while it ran. */
  containerNs: Partial<Record<NamespaceKind, number>>;
}

/** The hook entries the case writes: every kind runs the probe; startContainer by its container path. */
export function caseHooks(
  hostProbe: string,
  hostLog: string,
  containerProbe: string,
): Record<HookType, HookEntry[]> {
  const out = {} as Record<HookType, HookEntry[]>;
  for (const type of hookOrder) {
    const inContainer = type === 'startContainer';
    const log = inContainer ? `${hookLogDir}/hooks.log` : hostLog;
    out[type] = [
      {
        path: inContainer ? containerProbe : hostProbe,
        args: ['oci-conform-hook', 'hook', '--log', log, '--name', type],
        env: [`OCI_CONFORM_HOOK=${type}`],
      },
    ];
  }
  return out;
}

function parseState(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Compares the hook records with the configured hooks and the spec's lifecycle. */
export function checkHooks(records: HookRecord[], input: HookCheckInput): Finding[] {
  const out: Finding[] = [];
  const f = (
    reqs: RuntimeRequirementId[],
    field: string,
    message: string,
    expected?: unknown,
    actual?: unknown,
  ) => out.push(observationFinding(id, reqs, field, message, expected, actual));
  const configured = input.config.hooks ?? {};
  const byName = new Map<string, HookRecord[]>();
  for (const r of records) byName.set(r.name ?? '', [...(byName.get(r.name ?? '') ?? []), r]);

  for (const type of hookOrder) {
    const entries = configured[type] ?? [];
    if (entries.length === 0) continue;
    const recs = byName.get(type) ?? [];
    if (recs.length !== entries.length) {
      // The hook's path exists only in the namespace the spec resolves it in (a host path under the
      // bundle, or /probe inside the rootfs): a hook that never ran may have been looked up elsewhere.
      f(
        recs.length === 0 ? [invoked[type], pathNs[type].requirement] : [invoked[type]],
        `hooks.${type}`,
        `expected the ${type} hook to run ${entries.length} time(s), found ${recs.length}${recs.length === 0 ? ` (its path exists only in the ${pathNs[type].where}'s mount namespace)` : ''}`,
        entries.length,
        recs.length,
      );
      if (recs.length === 0) continue;
    }
    const rec = recs[0]!;
    const entry = entries[0]!;
    const t = BigInt(rec.monotonicNs);
    const [from, to] = input.timeline[during[type]];
    if (t < from || t > to) {
      const when =
        t < input.timeline.create[1]
          ? 'create'
          : t < input.timeline.start[1]
            ? 'start'
            : t < input.timeline.delete[0]
              ? 'between start and delete'
              : 'delete';
      f(
        [timing[type]],
        `hooks.${type}.time`,
        `expected the ${type} hook to run during ${during[type]}, found it ran during ${when}`,
        during[type],
        when,
      );
    }
    // argv and environment exactly as configured (config.md: args/env have execv/environ semantics).
    if (JSON.stringify(rec.args) !== JSON.stringify(entry.args ?? [entry.path]))
      f(
        ['config.hooks.args-argv'],
        `hooks.${type}.args`,
        `expected the ${type} hook's argv ${JSON.stringify(entry.args)}, found ${JSON.stringify(rec.args)}`,
        entry.args,
        rec.args,
      );
    if (JSON.stringify([...rec.env].sort()) !== JSON.stringify([...(entry.env ?? [])].sort()))
      f(
        ['config.hooks.env-environ'],
        `hooks.${type}.env`,
        `expected the ${type} hook's environment ${JSON.stringify(entry.env ?? [])}, found ${JSON.stringify(rec.env)}`,
        entry.env ?? [],
        rec.env,
      );
    // The state on stdin.
    const state = parseState(rec.stdin);
    if (!state) {
      f(
        ['config.hooks.state-on-stdin'],
        `hooks.${type}.stdin`,
        `expected the container state as JSON on the ${type} hook's stdin, found ${JSON.stringify(rec.stdin.slice(0, 200))}`,
        'state JSON',
        rec.stdin.slice(0, 200),
      );
    } else {
      if (state.id !== input.containerId || state.bundle !== input.bundleDir)
        f(
          ['config.hooks.state-on-stdin'],
          `hooks.${type}.stdin`,
          `expected the ${type} hook's state to name container ${input.containerId} and bundle ${input.bundleDir}, found id ${JSON.stringify(state.id)} bundle ${JSON.stringify(state.bundle)}`,
          { id: input.containerId, bundle: input.bundleDir },
          { id: state.id, bundle: state.bundle },
        );
      const want = statusFor[type];
      if (state.status !== want.status)
        f(
          statusRequirements(want.requirement, state.status),
          `hooks.${type}.stdin.status`,
          `expected status ${want.status} in the ${type} hook's state, found ${JSON.stringify(state.status)}`,
          want.status,
          state.status,
        );
    }
    // Namespaces the hook ran in.
    const ns = execNs[type];
    const ref = ns.where === 'runtime' ? input.runtimeNs : input.containerNs;
    const kinds = ns.where === 'runtime' ? runtimeKinds : containerKinds;
    const differ = kinds.filter(
      (k) => ref[k] !== undefined && rec.namespaces[k] && rec.namespaces[k]!.inode !== ref[k],
    );
    if (differ.length > 0)
      f(
        [ns.requirement],
        `hooks.${type}.namespaces`,
        `expected the ${type} hook to run in the ${ns.where}'s namespaces, found other ${differ.join(', ')} namespaces`,
        Object.fromEntries(differ.map((k) => [k, ref[k]])),
        Object.fromEntries(differ.map((k) => [k, rec.namespaces[k]!.inode])),
      );
  }

  // Order between kinds, by the time each first ran.
  const first = (type: HookType) => {
    const r = byName.get(type)?.[0];
    return r ? BigInt(r.monotonicNs) : undefined;
  };
  const pairs: [HookType, HookType, RuntimeRequirementId][] = [
    ['prestart', 'createRuntime', 'config.hooks.prestart.before-createRuntime'],
    ['createRuntime', 'createContainer', 'config.hooks.createContainer.after-createRuntime'],
    ['startContainer', 'poststart', 'config.hooks.poststart.timing'],
  ];
  for (const [a, b, req] of pairs) {
    const ta = first(a);
    const tb = first(b);
    if (ta !== undefined && tb !== undefined && ta > tb)
      f(
        [req],
        `hooks.order`,
        `expected the ${a} hook to run before the ${b} hook, found it ran after`,
        [a, b],
        [b, a],
      );
  }

  // poststart must see the user program already exec'd at the state's pid.
  const post = byName.get('poststart')?.[0];
  const userArgs = input.config.process?.args ?? [];
  if (post?.statePidProcess && JSON.stringify(post.statePidProcess.cmdline) !== JSON.stringify(userArgs))
    f(
      ['config.hooks.poststart.timing'],
      'hooks.poststart.statePidProcess',
      `expected the user program ${JSON.stringify(userArgs)} running at the state's pid when poststart ran, found ${JSON.stringify(post.statePidProcess.cmdline)}`,
      userArgs,
      post.statePidProcess.cmdline,
    );
  return out;
}

async function nsInodes(
  procDir: string,
  kinds: readonly NamespaceKind[],
): Promise<Partial<Record<NamespaceKind, number>>> {
  const out: Partial<Record<NamespaceKind, number>> = {};
  for (const k of kinds) {
    try {
      out[k] = (await stat(`${procDir}/ns/${k}`)).ino;
    } catch {
      /* not offered by the kernel, or the process is gone */
    }
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  ...hookOrder.map((t) => invoked[t]),
  ...hookOrder.map((t) => timing[t]),
  'config.hooks.state-on-stdin',
  ...new Set(hookOrder.map((t) => statusFor[t].requirement)),
  'runtime.state.status',
  'runtime.state.status-extension-only-new-states',
  'config.hooks.args-argv',
  'config.hooks.env-environ',
  'config.hooks.prestart.before-createRuntime',
  'config.hooks.createContainer.after-createRuntime',
  ...hookOrder.map((t) => execNs[t].requirement),
  ...hookOrder.map((t) => pathNs[t].requirement),
];

const now = () => process.hrtime.bigint();

async function run(ctx: CaseContext): Promise<Finding[] | void> {
  const b = ctx.bundle;
  await mkdir(b.hostPath(hookLogDir), { recursive: true, mode: 0o777 });
  const hostLog = b.hostPath(`${hookLogDir}/hooks.log`);
  const config = structuredClone(b.config);
  config.hooks = caseHooks(b.hostPath(ctx.probe), hostLog, ctx.probe);
  await b.writeConfig(config);
  const runtimeNs = await nsInodes('/proc/self', containerKinds);

  const t0 = now();
  const created = await ctx.runtime.create();
  const t1 = now();
  if (
    !ctx.check.succeeded(created, {
      requirements: ['runtime.create.creates-container'],
      what: 'create with one hook of each kind',
    })
  )
    return;
  const t2 = now();
  const started = await ctx.runtime.start();
  const t3 = now();
  if (!ctx.check.succeeded(started, { requirements: ['runtime.start.runs-program'], what: 'start' })) return;
  let containerNs: Partial<Record<NamespaceKind, number>> = {};
  if (await ctx.waitForOutput(/"event":"ready"/)) {
    const st = await ctx.runtime.state();
    const pid = typeof st.state?.pid === 'number' ? st.state.pid : undefined;
    if (pid) containerNs = await nsInodes(`/proc/${pid}`, containerKinds);
  }
  await ctx.runtime.kill('KILL');
  await ctx.waitForStatus('stopped');
  const t4 = now();
  const deleted = await ctx.runtime.delete();
  const t5 = now();
  ctx.check.succeeded(deleted, {
    requirements: ['runtime.lifecycle.poststop-invoked'],
    what: 'delete of the stopped container',
  });

  // no log when no hook ran: every kind is reported missing below
  const records = await readHookLog(hostLog);
  const timeline: Timeline = { create: [t0, t1], start: [t2, t3], delete: [t4, t5] };
  ctx.observe('hooks', records);
  ctx.observe('timeline', Object.fromEntries(Object.entries(timeline).map(([k, v]) => [k, v.map(String)])));
  ctx.observe('namespaces', { runtime: runtimeNs, container: containerNs });
  return checkHooks(records, {
    config,
    containerId: ctx.containerId,
    bundleDir: b.dir,
    timeline,
    runtimeNs,
    containerNs,
  });
}

export const hooksOrderAndState = defineCase({
  id,
  group: 'hooks',
  requirements,
  description:
    'runs one probe hook of each kind and checks when each ran, in which namespaces, with which argv, env and state on stdin',
  build(config) {
    config.probe('wait');
  },
  run,
});
