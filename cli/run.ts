// `oci-conform run`: runs the runtime conformance cases against a runc-compatible runtime and reports them.
import { constants, existsSync } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CaseResult, HostFacts, Report, Subject } from '../model/report.js';
import { compareVersions, registry } from '../requirements/index.js';
import { computeCoverage } from '../harness/runtime/coverage.js';
import type { Profile, RuntimeCase } from '../harness/runtime/case.js';
import { runtimeCases } from '../suites/runtime/index.js';
import { defaultCallTimeoutMs, RuntimeDriver, parseStateOutput, tail } from '../harness/runtime/driver.js';
import {
  applyBaseline,
  BaselineError,
  baselineFromResults,
  baselineText,
  baselineWarning,
  loadBaseline,
  matchesFilter,
  unknownBaselineIds,
  type Baseline,
} from '../harness/runtime/expect.js';
import type { RunHostFacts } from '../harness/runtime/host.js';
import { preflight } from '../harness/runtime/preflight.js';
import { parseTimeScale } from '../harness/runtime/time-scale.js';
import { assignShards, durationsFromReport, parseShard } from '../harness/runtime/shard.js';
import { compareRun, type ComparedCase } from '../harness/runtime/compare.js';
import {
  defaultCacheDir,
  hashFiles,
  loadReferenceCache,
  referenceFiles,
  saveReferenceCache,
  toolFiles,
  type CachedReference,
  type ReferenceCacheKey,
} from '../harness/runtime/reference-cache.js';
import { judgedSpecVersion } from '../harness/runtime/features.js';
import {
  abandonLiveRuns,
  defaultConfigVersion,
  runCases,
  type RunOptions,
  type RunOutcome,
} from '../harness/runtime/scheduler.js';
import {
  commonHelp,
  commonOptions,
  finishReport,
  parseCommon,
  UsageError,
  withHooks,
  type CommandHooks,
} from './common.js';

const help = `usage: oci-conform run [--runtime PATH] [options]

Runs the runtime conformance cases against a runc-compatible runtime (create, start, state, kill, delete).

options:
  --runtime PATH          the runtime binary or wrapper (default: the bundled reference runtime)
  --runtime-arg ARG       extra global argument for every runtime call (repeatable), e.g. --runtime-arg=--debug
  --filter GLOB           run the cases whose id or group matches (repeatable; * and ?), e.g. 'lifecycle.kill.*'
  --spec-version V        judge against runtime-spec V (1.0.0 to 1.3.x; default: the highest version the
                          runtime's features document claims as ociVersionMax, else 1.3.0)
  --config-version V      ociVersion the generated configs declare (default ${defaultConfigVersion})
  --profile P             spec (default) or runc-compat: expect runc's convention where it differs from the spec
  --expect FILE           baseline of expected failures (xfail/xpass), e.g. baselines/runc-1.1.5.json:
                          a listed case failing with a finding the baseline does not list is a new failure
  --write-baseline FILE   write the run's failures to FILE as a baseline (each finding by requirement and
                          check, with the requirement's text); reasons of cases FILE already lists are kept
  --jobs N                cases run at once (default: the number of CPUs)
  --case-timeout MS       deadline of one case (default 30000)
  --call-timeout MS       deadline of one runtime call (default 10000)
  --timeout-scale F       multiply the default deadlines (calls, cases, waits, teardown) by F, 1 to 100, for
                          slow machines such as an emulated guest (default: $OCI_CONFORM_TIMEOUT_SCALE or 1)
  --probe PATH            the static probe binary (default: harness/probe/build/probe, built when missing)
  --compare, --no-compare also run every case against the bundled reference runtime and report where its
                          observations differ (evidence.reference, a note); the verdict stays the subject's.
                          Default: on when --runtime names another runtime and the reference is built,
                          off when the reference runtime itself is the subject. Values that vary per run
                          (pids, times, temp paths, container ids, new namespace inodes, mount ids) are
                          ignored: see harness/runtime/COMPARE.md
  --shard I/N             run only shard I of N of the selected cases (a CI matrix: every case in exactly one
                          shard), balanced by the durations in --durations, else by count; merge the JSON
                          reports with oci-conform merge
  --durations FILE        a JSON report of an earlier run whose case durations balance the shards (every job
                          of the matrix must be given the same file)
  --progress              a line on stderr as each case starts and ends ([done/all] status id, seconds), also
                          when stderr is not a terminal (CI logs: a stalled run shows which cases are live);
                          on a terminal without it, one status line is rewritten in place
  --no-reference-cache    run every case against the reference runtime again: by default its results are
                          cached per host ($OCI_CONFORM_CACHE_DIR, else ~/.cache/oci-conform) keyed by the
                          tool build, the reference build, the host facts and the options, and reused
${commonHelp(26)}

run needs root (the harness makes cgroups and the runtime makes namespaces): as another user it exits 3.

exit codes: 0 conformant, 1 non-conformance (or an expected failure passed), 2 usage error,
3 the tool or the environment failed (not root; also after Ctrl-C/SIGTERM, once every live case is torn down)`;

const options = {
  ...commonOptions,
  runtime: { type: 'string' },
  'runtime-arg': { type: 'string', multiple: true },
  filter: { type: 'string', multiple: true },
  'spec-version': { type: 'string' },
  'config-version': { type: 'string' },
  profile: { type: 'string' },
  expect: { type: 'string' },
  'write-baseline': { type: 'string' },
  jobs: { type: 'string' },
  'case-timeout': { type: 'string' },
  'call-timeout': { type: 'string' },
  'timeout-scale': { type: 'string' },
  probe: { type: 'string' },
  compare: { type: 'boolean' },
  'no-compare': { type: 'boolean' },
  'no-reference-cache': { type: 'boolean' },
  progress: { type: 'boolean' },
  shard: { type: 'string' },
  durations: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The bundled reference runtime's entry point, when it has been built. */
export function referenceRuntime(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['..', '../..']) {
    // cli/ in a checkout run by tsx; dist/cli/ when bundled
    const p = resolve(here, up, 'reference-runtime/bin/oci-reference-runtime');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * The runtime to compare with (`--compare`/`--no-compare`), or undefined for no comparison. Default: on
 * when `--runtime` names a runtime other than the reference and the reference is built; off when the
 * reference itself is the subject (no `--runtime`, or a path to the same file).
 */
export function comparisonRuntime(o: {
  compare: boolean;
  noCompare: boolean;
  runtimeGiven: boolean;
  reference: string | undefined;
  subjectIsReference: boolean;
}): string | undefined {
  if (o.compare && o.noCompare)
    throw new UsageError('--compare and --no-compare: expected one of them but found both');
  if (o.compare && o.reference === undefined)
    throw new UsageError(
      '--compare: expected the bundled reference runtime at reference-runtime/bin/oci-reference-runtime but it is not there',
    );
  if (o.compare && (o.subjectIsReference || !o.runtimeGiven))
    throw new UsageError(
      '--compare: expected --runtime to name a runtime other than the reference but the runtime under test is the reference runtime itself',
    );
  if (o.noCompare || o.subjectIsReference || !o.runtimeGiven) return undefined;
  return o.reference;
}

/**
 * Why the bundled reference runtime cannot run containers (its `--version` call failed, or its native
 * init is missing and cannot be built: no cc, a failed compile), or undefined when it can.
 */
export async function referenceBroken(version: {
  exitCode: number | null;
  timedOut: boolean;
  stderr: string;
}): Promise<string | undefined> {
  if (version.exitCode !== 0) {
    const said = tail(version.stderr, 400).trim();
    return said || (version.timedOut ? '--version timed out' : `--version exited with ${version.exitCode}`);
  }
  try {
    await ensureReferenceInit();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Builds the reference runtime's static init when it is missing or its source changed (first use in an
 * installed package); a build outside the package (read-only install) is handed on in OCI_REF_INIT.
 */
export async function ensureReferenceInit(): Promise<void> {
  if (process.env.OCI_REF_INIT) return;
  const { ensureNative } = await import('../harness/native.js');
  const { initRecipe, initSourceDir } = await import('../reference-runtime/init-recipe.js');
  const bin = await ensureNative(initRecipe());
  if (bin !== join(initSourceDir(), 'build', 'oci-ref-init')) process.env.OCI_REF_INIT = bin;
}

/** Whether two paths name the same file (a symlink to the reference runtime is the reference runtime). */
async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * The outcome of a run whose teardown was cut short after a signal: the cases that ended, the others as
 * errors. Its empty runTag marks it.
 */
function interruptedOutcome(
  cases: RuntimeCase[],
  ended: Map<string, CaseResult>,
  errors: string[],
): RunOutcome {
  return {
    results: cases.map(
      (c) =>
        ended.get(c.id) ?? {
          id: c.id,
          group: c.group,
          requirements: [...c.requirements],
          status: 'error',
          reason: 'run interrupted',
          findings: [],
          durationMs: 0,
          evidence: {},
        },
    ),
    errors,
    interrupted: true,
    runtimeMs: 0,
    runtimeBusyMs: 0,
    wallMs: 0,
    runTag: '',
    workDir: '',
    swept: [],
  };
}

/** The newest spec version a run judges by (the default when the runtime claims nothing usable). */
export const latestJudgedVersion = '1.3.0';

const versionPattern = /^\d+\.\d+\.\d+$/;

/** Checks a `--spec-version`/`--config-version` value. */
export function parseSpecVersion(flag: string, v: string | undefined, fallback: string): string {
  if (v === undefined) return fallback;
  if (!versionPattern.test(v) || compareVersions(v, '1.0.0') < 0 || compareVersions(v, '1.4.0') >= 0) {
    throw new UsageError(
      `${flag}: expected a runtime-spec version from 1.0.0 to 1.3.x but found ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag}: expected a positive integer but found ${JSON.stringify(v)}`);
  return n;
}

/** The cases of `--shard i/n` (all without it), balanced by the durations of `--durations FILE`. */
export async function shardOf(
  cases: RuntimeCase[],
  shardText: string | undefined,
  durationsFile: string | undefined,
): Promise<RuntimeCase[]> {
  if (shardText === undefined) {
    if (durationsFile !== undefined)
      throw new UsageError('--durations: expected --shard I/N beside it but found none');
    return cases;
  }
  const shard = parseShard(shardText);
  if ('error' in shard) throw new UsageError(shard.error);
  let durations: Map<string, number> | undefined;
  if (durationsFile !== undefined) {
    try {
      durations = durationsFromReport(JSON.parse(await readFile(durationsFile, 'utf8')) as Report);
    } catch (e) {
      throw new UsageError(
        `--durations: expected a JSON report of oci-conform run but ${durationsFile}: ${(e as Error).message}`,
      );
    }
  }
  const mine = new Set(
    assignShards(
      cases.map((c) => c.id),
      shard.count,
      durations,
    )[shard.index - 1],
  );
  return cases.filter((c) => mine.has(c.id));
}

/** Cases selected by `--filter` (all when none is given); a filter matching nothing is a usage error. */
export function selectCases(cases: RuntimeCase[], filters: string[] | undefined): RuntimeCase[] {
  if (!filters?.length) return cases;
  for (const f of filters) {
    if (!cases.some((c) => matchesFilter(c.id, c.group, f))) {
      throw new UsageError(
        `--filter: expected a case id or group glob but ${JSON.stringify(f)} matches no case (see oci-conform list)`,
      );
    }
  }
  return cases.filter((c) => filters.some((f) => matchesFilter(c.id, c.group, f)));
}

function hostFactsOf(h: RunHostFacts): HostFacts {
  return {
    ...(h.kernel !== undefined ? { kernel: h.kernel } : {}),
    ...(h.cgroupMode !== undefined ? { cgroupMode: h.cgroupMode } : {}),
    ...(h.capabilities !== undefined ? { capabilities: h.capabilities } : {}),
    ...(h.userNamespaces !== undefined ? { userNamespaces: h.userNamespaces } : {}),
    ...(h.lsms !== undefined ? { lsms: h.lsms } : {}),
    ...(h.arch !== undefined ? { arch: h.arch } : {}),
  };
}

/** The host facts of the report: what preflight saw, plus the deadline factor when it is not 1. */
function reportedHost(h: RunHostFacts, timeScale: number): HostFacts {
  return { ...hostFactsOf(h), ...(timeScale !== 1 ? { timeoutScale: timeScale } : {}) };
}

async function resolveProbe(flag: string | undefined): Promise<string> {
  if (flag !== undefined) {
    if (!existsSync(flag))
      throw new UsageError(`--probe: expected the probe binary but ${flag} does not exist`);
    return resolve(flag);
  }
  const { ensureProbe } = await import('../harness/probe/locate.js');
  return ensureProbe();
}

export async function main(argv: string[], hooks?: CommandHooks): Promise<number> {
  const { values } = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const common = withHooks(parseCommon(values), hooks, values.reporter);
  const specFlag =
    values['spec-version'] === undefined
      ? undefined
      : parseSpecVersion('--spec-version', values['spec-version'], latestJudgedVersion);
  const configVersion = parseSpecVersion('--config-version', values['config-version'], defaultConfigVersion);
  const profile = (values.profile ?? 'spec') as Profile;
  if (profile !== 'spec' && profile !== 'runc-compat') {
    throw new UsageError(
      `--profile: expected spec or runc-compat but found ${JSON.stringify(values.profile)}`,
    );
  }
  const jobs = positiveInt('--jobs', values.jobs);
  const caseTimeoutMs = positiveInt('--case-timeout', values['case-timeout']);
  const callTimeoutMs = positiveInt('--call-timeout', values['call-timeout']);
  const scaled = parseTimeScale(values['timeout-scale'], process.env);
  if ('error' in scaled) throw new UsageError(scaled.error);
  const timeScale = scaled.scale;
  let runtime = values.runtime;
  if (runtime === undefined) {
    runtime = referenceRuntime();
    if (runtime === undefined) {
      throw new UsageError(
        'no --runtime given and the bundled reference runtime is not built (expected reference-runtime/bin/oci-reference-runtime); pass --runtime=/usr/bin/runc or build it with npm run build',
      );
    }
  }
  runtime = runtime.includes('/') ? resolve(runtime) : runtime;
  if (runtime.includes('/')) {
    try {
      await access(runtime, constants.X_OK);
    } catch {
      throw new UsageError(`--runtime: expected an executable but ${runtime} is missing or not executable`);
    }
  }
  const reference = referenceRuntime();
  const subjectIsReference =
    reference !== undefined && runtime.includes('/') && (await sameFile(runtime, reference));
  const compareWith = comparisonRuntime({
    compare: values.compare === true,
    noCompare: values['no-compare'] === true,
    runtimeGiven: values.runtime !== undefined,
    reference,
    subjectIsReference,
  });
  const cases = await shardOf(selectCases(runtimeCases, values.filter), values.shard, values.durations);
  let baseline: Baseline | undefined;
  if (values.expect !== undefined) {
    try {
      baseline = await loadBaseline(values.expect);
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(`--expect ${e.message}`);
      throw e;
    }
    const unknown = unknownBaselineIds(
      baseline,
      runtimeCases.map((c) => c.id),
    );
    if (unknown.length)
      throw new UsageError(
        `--expect ${values.expect}: expected case ids but found unknown ${unknown.join(', ')}`,
      );
  }
  if (baseline) {
    const w = baselineWarning(baseline, values.expect!);
    if (w) process.stderr.write(`oci-conform: warning: ${w}\n`);
  }
  const writeBaseline = values['write-baseline'];
  let previousBaseline: Baseline | undefined;
  if (writeBaseline !== undefined && existsSync(writeBaseline)) {
    try {
      previousBaseline = await loadBaseline(writeBaseline);
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(`--write-baseline ${e.message}`);
      throw e;
    }
  }
  if (baseline?.profile && baseline.profile !== profile) {
    process.stderr.write(
      `oci-conform: warning: ${values.expect} was recorded for profile ${baseline.profile}, the run uses ${profile}\n`,
    );
  }
  const host = await preflight();
  if (!host.root) {
    // A CI gate must never pass vacuously: without root no case can run, so the run is an environment failure.
    process.stderr.write(
      `oci-conform run: run needs root: the harness makes cgroups and the runtime makes namespaces, but the uid is ${process.getuid?.() ?? 'unknown'}; run it as root (e.g. sudo)\n`,
    );
    return 3;
  }
  let probe: string;
  try {
    probe = await resolveProbe(values.probe);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // A broken tool never produces verdicts: without the probe no case can observe anything.
    process.stderr.write(`oci-conform run: ${(e as Error).message}\n`);
    return 3;
  }
  const runtimeArgs = values['runtime-arg'] ?? [];
  const driver = new RuntimeDriver({
    runtime,
    runtimeArgs,
    root: '/nonexistent',
    timeoutMs: callTimeoutMs ?? defaultCallTimeoutMs * timeScale,
  });
  const subject: Subject = { kind: 'runtime', paths: [runtime] };
  const errors: string[] = [];
  const v = await driver.version();
  if (subjectIsReference) {
    // A broken tool never produces verdicts: a bundled reference that cannot start is exit 3.
    const broken = await referenceBroken(v);
    if (broken) {
      process.stderr.write(`oci-conform run: the bundled reference runtime cannot start: ${broken}\n`);
      return 3;
    }
  }
  if (v.exitCode === 0) subject.runtimeVersion = v.stdout.trim().split('\n')[0] ?? '';
  else if (v.exitCode === null && !v.timedOut) {
    throw new UsageError(
      `--runtime: expected a runnable runtime but ${runtime} could not be started: ${v.stderr.trim()}`,
    );
  }
  const f = await driver.features();
  if (f.exitCode === 0) {
    const parsed = parseStateOutput(f.stdout);
    if (parsed.value) subject.features = parsed.value;
  }
  // Without --spec-version the runtime is judged by the highest version its features document claims.
  const judged = judgedSpecVersion({
    flag: specFlag,
    features: subject.features,
    featuresExitCode: f.exitCode,
    fallback: latestJudgedVersion,
  });
  const specVersion = judged.version;
  if (baseline?.specVersion && baseline.specVersion !== specVersion) {
    process.stderr.write(
      `oci-conform: warning: ${values.expect} was recorded for spec ${baseline.specVersion}, the run targets ${specVersion}\n`,
    );
  }

  let referenceDriver: RuntimeDriver | undefined;
  let referenceName = compareWith ?? '';
  if (compareWith !== undefined) {
    referenceDriver = new RuntimeDriver({
      runtime: compareWith,
      root: '/nonexistent',
      timeoutMs: callTimeoutMs ?? defaultCallTimeoutMs * timeScale,
    });
    const rv = await referenceDriver.version();
    const broken = await referenceBroken(rv);
    if (!broken) referenceName = rv.stdout.trim().split('\n')[0] ?? compareWith;
    else {
      const why = `the reference runtime ${compareWith} cannot start (${broken})`;
      // Asked for: the run cannot do what was asked. By default: the verdicts alone, with a warning.
      if (values.compare) throw new Error(`${why}; pass --no-compare`);
      process.stderr.write(`oci-conform: warning: ${why}: running without comparison\n`);
      referenceDriver = undefined;
    }
  }

  // The reference's results from an earlier run on this host with the same builds, facts and options.
  let cache: { dir: string; key: ReferenceCacheKey; hits: Map<string, CachedReference> } | undefined;
  if (referenceDriver && compareWith && values['no-reference-cache'] !== true) {
    const dir = defaultCacheDir();
    const key: ReferenceCacheKey = {
      tool: hashFiles(toolFiles(dirname(fileURLToPath(import.meta.url)))),
      reference: hashFiles(referenceFiles(compareWith, probe)),
      host,
      options: { specVersion, configVersion, profile, level: common.level, node: process.version },
    };
    cache = { dir, key, hits: await loadReferenceCache(dir, key) };
  }
  const referenceCases = cache ? cases.filter((c) => !cache.hits.has(c.id)) : cases;

  const startedAt = new Date();
  // Ctrl-C / SIGTERM: abort every live case (teardown still runs), then exit 3 within 5 seconds: when
  // teardown has not finished 3 s after the signal, what the runs still hold is ended at once (processes
  // by their cgroups, mounts, temp dirs, cgroups: abandonLiveRuns) and the report is written with the
  // cases that ended; at 4.5 s the process exits whatever is still running.
  const interrupt = new AbortController();
  let hardExit: NodeJS.Timeout | undefined;
  let timeUp: (() => void) | undefined;
  const teardownCutShort = new Promise<'cut short'>((resolve) => (timeUp = () => resolve('cut short')));
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupt.signal.aborted) return;
    process.stderr.write(`oci-conform: ${sig}: tearing down the running cases\n`);
    interrupt.abort();
    setTimeout(() => timeUp?.(), 3000).unref();
    hardExit = setTimeout(() => {
      for (const l of abandonLiveRuns()) process.stderr.write(`oci-conform: left behind ${l}\n`);
      process.exit(3);
    }, 4300);
    hardExit.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progressLines = values.progress === true;
  const progress = !progressLines && process.stderr.isTTY === true;
  let done = 0;
  const ended = new Map<string, CaseResult>();
  const runOptions: RunOptions = {
    driver,
    probe,
    host,
    specVersion,
    configVersion,
    profile,
    ...(subject.features !== undefined ? { features: subject.features } : {}),
    level: common.level,
    ...(jobs ? { jobs } : {}),
    ...(caseTimeoutMs ? { caseTimeoutMs } : {}),
    timeScale,
    signal: interrupt.signal,
  };
  const [outcome, referenceOutcome] = await (async (): Promise<[RunOutcome, RunOutcome | undefined]> => {
    try {
      // The reference runs beside the subject's (each with --jobs workers): the wall time is the
      // slower of the two, not their sum.
      const both = Promise.all([
        runCases(cases, {
          ...runOptions,
          ...(progressLines
            ? { onCaseStart: (c: RuntimeCase) => process.stderr.write(`start ${c.id}\n`) }
            : {}),
          onCaseEnd: (r) => {
            done++;
            ended.set(r.id, r);
            hooks?.onCase?.(r, done, cases.length);
            if (progressLines)
              process.stderr.write(
                `[${done}/${cases.length}] ${r.status} ${r.id} (${(r.durationMs / 1000).toFixed(1)} s)\n`,
              );
            else if (progress) process.stderr.write(`\r\x1b[K[${done}/${cases.length}] ${r.status} ${r.id}`);
          },
        }),
        referenceDriver && referenceCases.length > 0
          ? runCases(referenceCases, { ...runOptions, driver: referenceDriver })
          : undefined,
      ]);
      const first = await Promise.race([both, teardownCutShort]);
      if (first !== 'cut short') return first;
      const left = abandonLiveRuns();
      return [
        interruptedOutcome(cases, ended, [
          `teardown did not finish within 3 s of the signal: the harness ended the runs' processes and removed their dirs and cgroups${left.length ? `; left behind ${left.join(', ')}` : ''}`,
        ]),
        undefined,
      ];
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (progress) process.stderr.write('\r\x1b[K');
    }
  })();
  if (outcome.runTag === '') referenceDriver = undefined;
  for (const line of outcome.swept) process.stderr.write(`oci-conform: ${line}\n`);
  errors.push(...outcome.errors);
  if (outcome.interrupted) errors.push('run interrupted by a signal: the remaining cases did not run');
  if (referenceOutcome) {
    for (const line of referenceOutcome.swept) process.stderr.write(`oci-conform: ${line}\n`);
    errors.push(...referenceOutcome.errors.map((e) => `reference runtime run: ${e}`));
  }
  let results = outcome.results.filter((r): r is CaseResult => r !== undefined);
  let comparison: Report['comparison'];
  if (referenceDriver) {
    const fresh = new Map<string, CachedReference>();
    for (const r of referenceOutcome?.results ?? [])
      if (r)
        fresh.set(r.id, {
          result: r,
          run: { runTag: referenceOutcome!.runTag, workDir: referenceOutcome!.workDir },
        });
    const pairs: ComparedCase[] = results.map((r) => {
      const e = fresh.get(r.id) ?? cache?.hits.get(r.id);
      return { subject: r, reference: e?.result, referenceRun: e?.run ?? { runTag: '', workDir: '' } };
    });
    const compared = compareRun(pairs, {
      subjectRun: outcome,
      referenceName,
      subjectGlobalArgs: runtimeArgs.length + 2,
      referenceGlobalArgs: 2,
    });
    results = compared.results;
    const fromCache = results.filter((r) => !fresh.has(r.id) && cache?.hits.has(r.id)).length;
    comparison = {
      reference: referenceName,
      compared: compared.compared,
      fromCache,
      ...(cache ? { cacheDir: cache.dir } : {}),
      runWide: compared.runWide,
    };
    if (cache && !outcome.interrupted) {
      try {
        await saveReferenceCache(cache.dir, cache.key, fresh);
      } catch (e) {
        process.stderr.write(
          `oci-conform: warning: cannot write the reference cache in ${cache.dir}: ${(e as Error).message}\n`,
        );
      }
    }
  }
  if (writeBaseline !== undefined) {
    const b = baselineFromResults(results, {
      ...(subject.runtimeVersion ? { runtime: subject.runtimeVersion } : {}),
      profile,
      specVersion,
      ...(previousBaseline ? { previous: previousBaseline } : {}),
      host: { cgroupMode: host.cgroupMode },
    });
    // SPEC: the run's own verdicts are recorded even when the run is partial (--filter); cases the
    // previous file lists that did not run are kept as they were, so a filtered run updates only its cases.
    const ran = new Set(results.map((r) => r.id));
    const notRun = (previousBaseline?.expectedFailures ?? []).filter((e) => !ran.has(e.id));
    const kept = notRun.filter((e) => e.findings);
    const dropped = notRun.filter((e) => !e.findings).map((e) => e.id);
    if (dropped.length)
      process.stderr.write(
        `oci-conform: warning: ${writeBaseline}: dropped old-format entries of cases that did not run (${dropped.join(', ')}); run them to record their findings\n`,
      );
    b.expectedFailures = [...b.expectedFailures, ...kept].sort((x, y) => (x.id < y.id ? -1 : 1));
    await writeFile(writeBaseline, baselineText(b));
    const errored = results.filter((r) => r.status === 'error').map((r) => r.id);
    process.stderr.write(
      `oci-conform: wrote ${writeBaseline}: ${b.expectedFailures.length} expected failure(s)${errored.length ? `; not recorded (errored): ${errored.join(', ')}` : ''}\n`,
    );
  }
  if (baseline) results = applyBaseline(results, baseline, { cgroupMode: host.cgroupMode });
  const code = await finishReport(
    {
      command: 'run',
      specVersion,
      specVersionReason: judged.why,
      subject,
      host: reportedHost(host, timeScale),
      profile,
      cases: results,
      coverage: computeCoverage({
        requirements: registry.values(),
        cases: runtimeCases,
        specVersion,
        results,
      }),
      errors,
      startedAt,
      ...(comparison ? { comparison } : {}),
    },
    common,
    { statusFromFindings: false },
  );
  if (hardExit) clearTimeout(hardExit);
  if (outcome.runTag === '') {
    // A run cut short may still be finishing in the background: whatever it made since is removed too,
    // and the process does not wait for it (a moment for the output to drain).
    abandonLiveRuns();
    setTimeout(() => process.exit(3), 100).unref();
  }
  return outcome.interrupted ? 3 : code;
}
