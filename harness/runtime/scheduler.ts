// The scheduler: runs cases in parallel with a deadline each, and tears every case down (kill, delete
// --force, leftover processes, cgroup dirs, mounts, bundle) whatever happened, without hiding the verdict.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmdirSync, rmSync, type Dirent } from 'node:fs';
import { copyFile, chmod, mkdir, mkdtemp, readdir, readFile, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseResult, CommandRecord, Finding } from '../../model/report.js';
import { severityFor, type FailLevel } from '../../model/policy.js';
import { appliesTo, compareVersions, registry } from '../../requirements/index.js';
import type { Profile, RuntimeCase } from './case.js';
import { createCgroupDirs, dirsForCgroupsPath, hostFs, removeCgroupTree, type HostFs } from './cgroups.js';
import { CaseRun, commandLocation, evidenceRecord } from './context.js';
import { answerClaim, claimSkip, falseClaimFinding } from './features.js';
import {
  callCgroupDir,
  killCgroupProcesses,
  leftoverFindings,
  makeCallCgroup,
  reapCallCgroup,
  rootEntries,
} from './leftovers.js';
import { mountPointsUnder, removeRunDir } from './mounts.js';
import { tail, type RuntimeDriver } from './driver.js';
import type { RunHostFacts } from './host.js';
import { markCgroupOwner, sweepDeadRuns, sweepStaleCgroupParents, writeOwner } from './sweep.js';

/** Options of a run. */
export interface RunOptions {
  /** The runtime; its `root` is replaced by a private one per case inside the run's work dir. */
  driver: RuntimeDriver;
  /** Probe binary on the host. */
  probe: string;
  host: RunHostFacts;
  specVersion: string;
  profile: Profile;
  /** `ociVersion` of the generated configs. @default '1.0.2' (see CaseEnvironment.configVersion) */
  configVersion?: string;
  /** The runtime's `features` document (a JSON object), when it printed one: cases read it (see RuntimeCase.feature). */
  features?: unknown;
  /** `--level`: which findings fail a case. @default 'must' */
  level?: FailLevel;
  /** Cases run at once. @default the number of CPUs */
  jobs?: number;
  /** Deadline of a case that sets none. @default 30_000 × timeScale */
  caseTimeoutMs?: number;
  /**
   * Factor on every deadline the harness or a case chooses (case deadlines, waits, teardown); an explicit
   * caseTimeoutMs is taken as given. For slow machines, e.g. an emulated guest: see {@link timeScaleFrom}.
   * @default 1
   */
  timeScale?: number;
  /** Skip every case when the harness is not root. @default true */
  requireRoot?: boolean;
  /** Aborting (Ctrl-C) stops starting cases, ends the running ones and tears them down. */
  signal?: AbortSignal;
  /** Parent of the run's temp dir. @default os.tmpdir() */
  tmpRoot?: string;
  /** File-system seam for cgroup clean-up. @default the host */
  fs?: HostFs;
  onCaseStart?(c: RuntimeCase): void;
  onCaseEnd?(r: CaseResult): void;
}

/** `ociVersion` of generated configs unless the run says otherwise. */
export const defaultConfigVersion = '1.0.2';

/** What a run produced. */
export interface RunOutcome {
  results: CaseResult[];
  /** Tool-level problems (leftovers that could not be removed...): not the runtime's fault. */
  errors: string[];
  interrupted: boolean;
  /** Sum of the durations of every runtime command of the run, polls and teardown included (the overhead benchmark). */
  runtimeMs: number;
  /** Time during which at least one runtime command was running (the union of their intervals). */
  runtimeBusyMs: number;
  wallMs: number;
  /** The run's tag (in container ids and the cgroup parent `/oci-conform-<tag>`). */
  runTag: string;
  /** The run's temp dir (removed at the end). */
  workDir: string;
  /** Dead earlier runs whose leftovers this run removed first. */
  swept: string[];
}

/** Why a case does not apply to the spec version, or null. */
export function versionSkip(c: RuntimeCase, specVersion: string): string | null {
  if (c.since !== undefined && compareVersions(specVersion, c.since) < 0)
    return `applies from spec ${c.since}; the run targets ${specVersion}`;
  if (c.until !== undefined && compareVersions(specVersion, c.until) >= 0)
    return `applies before spec ${c.until}; the run targets ${specVersion}`;
  const reqs = c.requirements.map((id) => registry.get(id)).filter((r) => r !== undefined);
  if (reqs.length > 0 && reqs.every((r) => !appliesTo(r, specVersion)))
    return `none of its requirements (${c.requirements.join(', ')}) is in spec ${specVersion}`;
  return null;
}

function skipped(c: RuntimeCase, reason: string): CaseResult {
  return {
    id: c.id,
    group: c.group,
    requirements: [...c.requirements],
    status: 'skip',
    reason,
    findings: [],
    durationMs: 0,
    evidence: {},
  };
}

/** Reads field 3 (state) of /proc/PID/stat; undefined when the process is gone. */
async function procState(pid: number): Promise<string | undefined> {
  try {
    const s = await readFile(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** How a teardown call ended, when it did not answer: timed out, or killed by a signal. */
function stalled(r: CommandRecord): string | undefined {
  if (r.timedOut) return `no answer within ${Math.round(r.durationMs)} ms (killed)`;
  if (r.exitCode === null)
    return r.signal ? `killed by ${r.signal}` : `could not run (${tail(r.stderr, 200)})`;
  return undefined;
}

/**
 * A finding against the case that owned a container, for a teardown call of the runtime that did not answer.
 * SPEC: the spec bounds no operation in time; a runtime that never answers `delete --force` (or dies by a
 * signal) has not deleted what create made (runtime.md Delete), and one that never answers `kill` has not
 * sent the signal: a verdict on the runtime, reported on the case whose container it was, never a
 * failure of the tool.
 */
function teardownFinding(caseId: string, op: 'kill' | 'delete', r: CommandRecord, how: string): Finding {
  const requirements =
    op === 'delete' ? ['runtime.delete.removes-created-resources'] : ['runtime.kill.sends-signal'];
  const what = op === 'delete' ? 'delete --force' : 'kill KILL';
  return {
    rule: `${caseId}.teardown`,
    check: `teardown ${what}`,
    requirements,
    level: 'must',
    location: commandLocation(r),
    message: `teardown: expected \`${what}\` of the case's container to answer but found ${how}${op === 'delete' ? "; the harness ended the container's processes and removed its cgroups, mounts and state itself" : ''}`,
    expected: 'an answer (exit code)',
    actual: how,
  };
}

/** Whether the process lives inside `dir` (its root directory is there: a container of the case). */
async function rootedIn(pid: number, dir: string): Promise<boolean> {
  try {
    const root = await readlink(`/proc/${pid}/root`);
    return root === dir || root.startsWith(dir + '/');
  } catch {
    return false;
  }
}

/**
 * Tears a case down: kill and delete --force every container it created (and any other the runtime lists
 * in the case's root), ends whatever the runtime left (processes in the case's call cgroup and container
 * cgroups, container processes rooted in the case's dir), runs the case's deferred clean-ups, removes its
 * cgroup dirs and any mount under its dirs, then its dirs. A runtime call that does not answer is a
 * finding on the case (see {@link teardownFinding}); returns only what the harness itself could not remove.
 */
async function teardown(
  run: CaseRun,
  driver: RuntimeDriver,
  caseDir: string,
  cgroupParent: string,
  fs: HostFs,
  budgetMs: number,
  scale: number,
  interrupted: boolean,
  leaks: { callCgroup: string | undefined; findings: Finding[]; commands: CommandRecord[] },
) {
  const left: string[] = [];
  const deadline = Date.now() + budgetMs;
  // Each call gets the run's call timeout, but never past the teardown budget.
  const t = () => Math.max(200, Math.min(driver.timeoutMs, deadline - Date.now()));
  // An empty id names no container (and to some runtimes it would name the state root itself).
  const ids = new Set([...run.containers].filter((id) => id !== ''));
  try {
    for (const e of await readdir(driver.root)) ids.add(e);
  } catch {
    /* the runtime never made its root */
  }
  const undeleted = new Set<string>();
  // The case's container cgroups: only those under the run's own parent are ever touched; a case that
  // points cgroupsPath elsewhere (a relative path, a shared parent) owns that clean-up itself (ctx.defer).
  const cgroupDirs = run.bundles
    .filter((b) => b.cgroupsPath !== undefined && b.cgroupsPath.startsWith(cgroupParent + '/'))
    .flatMap((b) => dirsForCgroupsPath(b.cgroupsPath!, run.host.cgroupMounts));
  // Interrupted, time is short: the containers are ended by their cgroups (no runtime call), and delete
  // --force only has to remove what is stopped.
  if (interrupted) await Promise.all(cgroupDirs.map((d) => killCgroupProcesses(d)));
  await Promise.all(
    [...ids].map(async (id) => {
      if (!interrupted) {
        const k = await driver.kill(id, 'KILL', { timeoutMs: t() });
        const kHow = stalled(k);
        if (kHow) {
          leaks.commands.push(k);
          leaks.findings.push(teardownFinding(run.caseId, 'kill', k, kHow));
        }
      }
      const d = await driver.delete(id, { force: true, timeoutMs: t() });
      const dHow = stalled(d);
      if (dHow) {
        undeleted.add(id);
        leaks.commands.push(d);
        leaks.findings.push(teardownFinding(run.caseId, 'delete', d, dHow));
      }
    }),
  );
  // Processes: a zombie (Z) holds nothing; a container process still alive after delete --force is ended
  // here when it is provably the case's (in its cgroups, or rooted in its dir), and reported. A runtime may
  // report a bogus pid (1, ours): only plausible container pids are watched, for 2 s at most.
  const ended: { pid: number; cmdline: string }[] = [];
  for (const dir of cgroupDirs) ended.push(...(await killCgroupProcesses(dir)));
  const procDeadline = Math.min(deadline, Date.now() + 2000 * scale);
  for (const pid of run.pids) {
    if (pid <= 1 || pid === process.pid || pid === process.ppid) continue;
    let st = await procState(pid);
    if (st !== undefined && st !== 'Z' && (await rootedIn(pid, caseDir))) {
      try {
        process.kill(pid, 'SIGKILL');
        ended.push({ pid, cmdline: '(container process)' });
      } catch {
        /* gone meanwhile */
      }
    }
    while (st !== undefined && st !== 'Z' && Date.now() < procDeadline) {
      await sleep(20);
      st = await procState(pid);
    }
    if (st !== undefined && st !== 'Z')
      left.push(`process ${pid} (state ${st}) still alive after delete --force`);
  }
  // What the runtime left after every container was deleted: processes in the call cgroup (killed
  // here), container processes (when delete said it had removed them), and the deleted containers' state
  // under --root. A container whose delete did not answer is reported once, by its teardown finding.
  const procs = leaks.callCgroup
    ? await reapCallCgroup(leaks.callCgroup, Math.min(2000, Math.max(0, deadline - Date.now())))
    : [];
  if (undeleted.size === 0) procs.push(...ended);
  const stale = (await rootEntries(driver.root)).filter((e) => ids.has(e) && !undeleted.has(e));
  leaks.findings.push(...leftoverFindings(run.caseId, procs, stale));
  for (const fn of run.deferred.reverse()) {
    try {
      await fn();
    } catch (e) {
      left.push(`case clean-up failed: ${(e as Error).message}`);
    }
  }
  for (const dir of cgroupDirs) {
    let rest = await removeCgroupTree(fs, dir);
    while (rest.length > 0 && Date.now() < deadline) {
      await sleep(25);
      await killCgroupProcesses(dir);
      rest = await removeCgroupTree(fs, dir);
    }
    left.push(...rest.map((r) => `cgroup ${r}`));
  }
  for (const d of [caseDir, driver.root]) left.push(...(await removeRunDir(d, t())));
  return left;
}

/** Runs one case: skip checks, bundle, `run` under the deadline, teardown, verdict. */
async function runOne(c: RuntimeCase, index: number, ctx: RunContext): Promise<CaseResult> {
  const { opts } = ctx;
  const vskip = versionSkip(c, opts.specVersion);
  if (vskip) return skipped(c, vskip);
  let reason: string | null;
  try {
    reason =
      c.needs?.(opts.host, {
        specVersion: opts.specVersion,
        profile: opts.profile,
        configVersion: opts.configVersion ?? defaultConfigVersion,
        ...(opts.features !== undefined ? { features: opts.features } : {}),
      }) ?? null;
  } catch (e) {
    reason = `needs() threw: ${(e as Error).message}`;
  }
  reason ??= claimSkip(opts.features, c.feature);
  if (!reason && !opts.host.root && opts.requireRoot !== false) {
    reason = 'needs root: the harness makes cgroups and the runtime makes namespaces as root';
  }
  if (reason) return skipped(c, reason);
  if (opts.signal?.aborted)
    return { ...skipped(c, 'run interrupted before the case started'), status: 'error' };
  opts.onCaseStart?.(c);
  const started = performance.now();
  const scale = opts.timeScale ?? 1;
  const timeoutMs = c.timeoutMs !== undefined ? c.timeoutMs * scale : (opts.caseTimeoutMs ?? 30_000 * scale);
  const caseAbort = new AbortController();
  const onRunAbort = () => caseAbort.abort(new Error('interrupted'));
  opts.signal?.addEventListener('abort', onRunAbort, { once: true });
  const timer = setTimeout(() => caseAbort.abort(new Error('deadline')), timeoutMs);
  const caseDir = join(ctx.workDir, 'c', String(index));
  let driver = opts.driver.withRoot(join(ctx.workDir, 'r', String(index)), (r) => {
    ctx.runtimeMs += r.durationMs;
    const end = performance.now();
    ctx.intervals.push([end - r.durationMs, end]);
    opts.driver.onRecord?.(r);
  });
  await mkdir(caseDir, { recursive: true });
  // Every runtime call of the case runs in its call cgroup, so what the runtime leaves is found there.
  const callCgroup = opts.host.root
    ? callCgroupDir(opts.host.cgroupMounts, ctx.cgroupParent, index)
    : undefined;
  const procsFile = await makeCallCgroup(callCgroup);
  if (procsFile) driver = driver.inCgroup(procsFile);
  const run = new CaseRun({
    case: c,
    index,
    driver,
    host: opts.host,
    specVersion: opts.specVersion,
    profile: opts.profile,
    configVersion: opts.configVersion ?? defaultConfigVersion,
    ...(opts.features !== undefined ? { features: opts.features } : {}),
    caseDir,
    runTag: ctx.runTag,
    cgroupParent: ctx.cgroupParent,
    probe: ctx.probe,
    signal: caseAbort.signal,
    deadline: Date.now() + timeoutMs,
    timeScale: scale,
  });
  let status: CaseResult['status'] | undefined;
  let why: string | undefined;
  const extra: Finding[] = [];
  try {
    await run.init();
    const aborted = new Promise<'aborted'>((resolve) => {
      if (caseAbort.signal.aborted) resolve('aborted');
      caseAbort.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    const out = await Promise.race([c.run(run), aborted]);
    if (out === 'aborted') throw caseAbort.signal.reason;
    if (Array.isArray(out)) extra.push(...out);
  } catch (e) {
    const err = e as Error;
    if (opts.signal?.aborted) {
      status = 'error';
      why = 'run interrupted';
    } else if (caseAbort.signal.aborted) {
      // Every runtime call is bounded, so a case that misses its deadline met a runtime that stalls.
      status = 'fail';
      extra.push({
        rule: c.id,
        check: 'case deadline',
        requirements: [...c.requirements],
        level: 'must',
        location: { kind: 'observation', field: 'case deadline' },
        message: `expected the case to finish within ${timeoutMs} ms but it did not (the runtime stalled)`,
        expected: `${timeoutMs} ms`,
        actual: 'deadline passed',
      });
    } else {
      status = 'error';
      why = `the harness failed: ${err?.message ?? String(e)}`;
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onRunAbort);
  }
  // The containers' own output, kept (tails) as evidence of a case that does not pass.
  const outputs: Record<string, { stdout?: string; stderr?: string }> = {};
  for (const id of run.containers) {
    const out = tail(await run.output({ id }), 1000);
    const err = tail(await run.output({ id, stream: 'stderr' }), 1000);
    if (out || err) outputs[id] = { ...(out ? { stdout: out } : {}), ...(err ? { stderr: err } : {}) };
  }
  // Teardown has time for kill and delete --force at the call timeout each, and the rest of its work;
  // after Ctrl-C/SIGTERM it has 2.5 s (the CLI cuts teardown short 3 s after the signal).
  const teardownCommands: CommandRecord[] = [];
  const left = await teardown(
    run,
    driver,
    caseDir,
    ctx.cgroupParent,
    ctx.fs,
    opts.signal?.aborted ? 2500 : 2 * driver.timeoutMs + 5000 * scale,
    scale,
    opts.signal?.aborted === true,
    { callCgroup: procsFile ? callCgroup : undefined, findings: extra, commands: teardownCommands },
  );
  for (const l of left) ctx.errors.push(`${c.id}: left behind ${l}`);
  // A finding a case returns names its check by its observation field unless it says otherwise.
  const findings = [
    ...run.findings,
    ...extra.map((f) =>
      f.check === undefined && f.location.kind === 'observation' ? { ...f, check: f.location.field } : f,
    ),
  ];
  const level = opts.level ?? 'must';
  if (status === undefined) {
    status = findings.some((f) => severityFor(f.level, level) === 'error') ? 'fail' : 'pass';
  }
  if (status === 'fail' && c.feature && answerClaim(opts.features, c.feature) === 'claimed')
    findings.push(falseClaimFinding(c.id, c.feature));
  if (status !== 'pass' && Object.keys(outputs).length > 0) run.observe('container output (tails)', outputs);
  const notes = [...run.notes];
  if (c.profiles) notes.push(`profile difference (runc-compat): ${c.profiles['runc-compat']}`);
  if (left.length) notes.push(...left.map((l) => `teardown: left behind ${l}`));
  const result: CaseResult = {
    id: c.id,
    group: c.group,
    requirements: [...c.requirements],
    status,
    ...(why ? { reason: why } : {}),
    findings,
    durationMs: Math.round(performance.now() - started),
    evidence: {
      commands: [...run.commands, ...teardownCommands.map(evidenceRecord)],
      ...(Object.keys(run.observations).length ? { observation: run.observations } : {}),
      ...(notes.length ? { notes } : {}),
    },
  };
  return result;
}

interface RunContext {
  opts: RunOptions;
  workDir: string;
  runTag: string;
  cgroupParent: string;
  probe: string;
  fs: HostFs;
  errors: string[];
  runtimeMs: number;
  intervals: [number, number][];
}

/** Total length of the union of intervals. */
export function unionLength(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const [s, e] of sorted) {
    if (!cur || s > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [s, e];
    } else if (e > cur[1]) cur[1] = e;
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

/** A run of this process that has not finished its clean-up: what a hard exit must remove. */
interface LiveRun {
  workDir: string;
  /** The run's cgroup parent in every hierarchy. */
  cgroupDirs: string[];
}

const liveRuns = new Set<LiveRun>();

/** Sub-dirs of a cgroup dir, deepest first, then the dir itself (none when it is gone). */
function cgroupTreeSync(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return [...entries.filter((e) => e.isDirectory()).flatMap((e) => cgroupTreeSync(join(dir, e.name))), dir];
}

/**
 * The last resort of a process that must exit before its runs finished tearing down (the CLI's hard exit
 * after Ctrl-C/SIGTERM): synchronously kills every process in the live runs' cgroups (runtime calls,
 * containers, what they left), detaches the mounts under their dirs, removes the dirs, and removes the
 * cgroups once their processes are gone (waiting up to `waitMs`). Returns what is still there. A run
 * stays listed until its own clean-up ends, so a second call removes what it made since.
 */
export function abandonLiveRuns(waitMs = 400): string[] {
  const left: string[] = [];
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const run of liveRuns) {
    for (const dir of run.cgroupDirs)
      for (const d of cgroupTreeSync(dir)) {
        let procs: string[] = [];
        try {
          procs = readFileSync(join(d, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
        } catch {
          /* gone */
        }
        for (const p of procs) {
          const pid = Number(p);
          if (pid > 1 && pid !== process.pid)
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              /* gone */
            }
        }
      }
    let mounts: string[] = [];
    try {
      mounts = mountPointsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), run.workDir);
    } catch {
      /* no mountinfo */
    }
    let stuck = false;
    for (const m of mounts)
      try {
        execFileSync('umount', ['-l', m], { stdio: 'ignore', timeout: 1000 });
      } catch {
        left.push(`mount ${m}`);
        stuck = true;
      }
    // A recursive removal crosses mount points: with a mount still under it, the dir stays.
    if (stuck) left.push(`${run.workDir}: kept, a mount under it could not be detached`);
    else
      try {
        rmSync(run.workDir, { recursive: true, force: true });
      } catch (e) {
        left.push(`${run.workDir}: ${(e as Error).message}`);
      }
    const deadline = Date.now() + waitMs;
    for (const dir of run.cgroupDirs) {
      for (const d of cgroupTreeSync(dir)) {
        for (;;) {
          try {
            rmdirSync(d);
            break;
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
            if (Date.now() > deadline) {
              left.push(`cgroup ${d}`);
              break;
            }
            Atomics.wait(pause, 0, 0, 10);
          }
        }
      }
    }
  }
  return left;
}

/** Runs the cases with at most `jobs` at once; results are in the order of `cases`. */
export async function runCases(cases: RuntimeCase[], opts: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const runTag = randomBytes(4).toString('hex');
  const tmpRoot = opts.tmpRoot ?? tmpdir();
  const fs = opts.fs ?? hostFs();
  const swept = await sweepDeadRuns(tmpRoot, fs, opts.host.cgroupMounts);
  if (opts.host.root) swept.push(...(await sweepStaleCgroupParents(fs, opts.host.cgroupMounts)));
  const workDir = await mkdtemp(join(tmpRoot, 'oci-conform-'));
  await writeOwner(workDir, { runtime: opts.driver.runtime, runtimeArgs: opts.driver.runtimeArgs, runTag });
  const ctx: RunContext = {
    opts,
    workDir,
    runTag,
    cgroupParent: `/oci-conform-${runTag}`,
    probe: join(workDir, 'probe'),
    fs,
    errors: [],
    runtimeMs: 0,
    intervals: [],
  };
  const results: CaseResult[] = new Array(cases.length);
  const live: LiveRun = {
    workDir,
    cgroupDirs: opts.host.root ? dirsForCgroupsPath(ctx.cgroupParent, opts.host.cgroupMounts) : [],
  };
  liveRuns.add(live);
  try {
    // One copy of the probe on the run's file system, hard-linked into every rootfs.
    await copyFile(opts.probe, ctx.probe);
    await chmod(ctx.probe, 0o755);
    // The run's cgroup parent exists before any case runs (each v1 cpuset level with its parent's cpus
    // and mems): runtimes making sibling cgroups under a new parent at the same moment race on setting
    // it up (the reference runtime then fails create with ENOSPC joining an empty cpuset), which is not
    // what any case checks. Best effort: when it cannot be made, the runtimes make it as before.
    if (opts.host.root) {
      await createCgroupDirs(fs, ctx.cgroupParent, opts.host.cgroupMounts).catch(() => undefined);
      await markCgroupOwner(fs, ctx.cgroupParent, opts.host.cgroupMounts);
    }
    const jobs = Math.max(1, opts.jobs ?? opts.host.cpus ?? 1);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= cases.length) return;
        const c = cases[i]!;
        let r: CaseResult;
        try {
          r = await runOne(c, i, ctx);
        } catch (e) {
          r = { ...skipped(c, ''), status: 'error', reason: `the harness failed: ${(e as Error).message}` };
        }
        results[i] = r;
        opts.onCaseEnd?.(r);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, cases.length) }, worker));
  } finally {
    // Every case was torn down; what is still here (a teardown cut short by its budget) is ended now:
    // processes in the run's cgroups, then the cgroups, mounts under the run's dir, the dir.
    for (const dir of dirsForCgroupsPath(ctx.cgroupParent, opts.host.cgroupMounts)) {
      await killCgroupProcesses(dir);
      let rest = await removeCgroupTree(fs, dir);
      for (let i = 0; rest.length > 0 && i < 40; i++) {
        await sleep(25);
        await killCgroupProcesses(dir);
        rest = await removeCgroupTree(fs, dir);
      }
      ctx.errors.push(...rest.map((r) => `left behind cgroup ${r}`));
    }
    for (const l of await removeRunDir(workDir)) ctx.errors.push(`left behind ${l}`);
    liveRuns.delete(live);
  }
  return {
    results,
    errors: ctx.errors,
    interrupted: opts.signal?.aborted ?? false,
    runtimeMs: Math.round(ctx.runtimeMs),
    runtimeBusyMs: Math.round(unionLength(ctx.intervals)),
    wallMs: Math.round(performance.now() - started),
    runTag,
    workDir,
    swept,
  };
}
