// The case context: the runtime driver bound to one case (unique ids, stdio files, evidence), the waits with
// deadlines, and the check helpers that turn failed expectations into findings.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import type { CommandRecord, Finding, FindingLevel, Location } from '../../model/report.js';
import { findingLevelOf, requirement, type RuntimeRequirementId } from '../../requirements/index.js';
import type {
  Bundle,
  CaseChecks,
  CaseContext,
  CaseRuntime,
  CheckOptions,
  ContainerStatus,
  CreateResult,
  Profile,
  RuntimeCase,
  StateResult,
  WaitOptions,
} from './case.js';
import { createBundle, probeInContainer } from './bundle.js';
import { ConfigBuilder, defaultConfig } from './config-builder.js';
import { maxCapture, parseStateOutput, tail, type RuntimeDriver } from './driver.js';
import type { RunHostFacts } from './host.js';
import { checkStateDocument } from './state-check.js';

/** Bytes of a command's stdout kept in the evidence. */
const evidenceStdout = 4000;

const levelRank: Record<FindingLevel, number> = { must: 0, should: 1, may: 2, hazard: 3, info: 4 };

/** The strongest finding level among requirements (`must` when none is given). */
export function strongestLevel(ids: readonly string[]): FindingLevel {
  let best: FindingLevel | undefined;
  for (const id of ids) {
    const l = findingLevelOf(requirement(id as RuntimeRequirementId));
    if (best === undefined || levelRank[l] < levelRank[best]) best = l;
  }
  return best ?? 'must';
}

/** Location of a finding about a command. */
export function commandLocation(r: CommandRecord): Location {
  return {
    kind: 'command',
    argv: r.argv,
    exitCode: r.exitCode,
    signal: r.signal,
    stderrTail: tail(r.stderr),
  };
}

/** A command record as the evidence keeps it: the head of stdout, the tail of stderr. */
export function evidenceRecord(r: CommandRecord): CommandRecord {
  return {
    ...r,
    stdout: r.stdout.length > evidenceStdout ? r.stdout.slice(0, evidenceStdout) + '…' : r.stdout,
    stderr: tail(r.stderr),
  };
}

function describeOutcome(r: CommandRecord): string {
  if (r.timedOut) return `no answer within ${Math.round(r.durationMs)} ms (killed)`;
  if (r.exitCode === null)
    return r.signal ? `killed by ${r.signal}` : `could not run (${tail(r.stderr, 200)})`;
  return `exit code ${r.exitCode}`;
}

/** Everything the context needs from the run. */
export interface ContextSetup {
  case: RuntimeCase;
  /** Index of the case in the run (unique). */
  index: number;
  driver: RuntimeDriver;
  host: RunHostFacts;
  specVersion: string;
  profile: Profile;
  /** `ociVersion` of generated configs. */
  configVersion: string;
  /** The runtime's features document, when it printed one. */
  features?: unknown;
  /** The case's own work directory (bundles, pid files, stdio files). */
  caseDir: string;
  /** The run's tag, part of every container id and cgroupsPath (unique on the host). */
  runTag: string;
  /** Parent of the cgroupsPaths the harness gives bundles, e.g. `/oci-conform-<tag>`. */
  cgroupParent: string;
  /** Probe binary on the host. */
  probe: string;
  signal: AbortSignal;
  /** Absolute time (ms since epoch) at which the case's deadline falls. */
  deadline: number;
  /** Factor on the waits' deadlines (RunOptions.timeScale). @default 1 */
  timeScale?: number;
}

/** Container ids are limited to characters runc and crun both accept. */
function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '-');
}

/** The state the harness keeps about one case while it runs; implements {@link CaseContext}. */
export class CaseRun implements CaseContext {
  readonly caseId: string;
  readonly specVersion: string;
  readonly profile: Profile;
  readonly configVersion: string;
  readonly features?: unknown;
  readonly host: RunHostFacts;
  readonly signal: AbortSignal;
  readonly containerId: string;
  readonly probe = probeInContainer;
  readonly runtime: CaseRuntime;
  readonly check: CaseChecks;
  bundle!: Bundle;

  /** Findings recorded by checks. */
  readonly findings: Finding[] = [];
  readonly commands: CommandRecord[] = [];
  readonly observations: Record<string, unknown> = {};
  readonly notes: string[] = [];
  readonly deferred: (() => Promise<void> | void)[] = [];
  /** Every container id passed to create (teardown kills and deletes them). */
  readonly containers = new Set<string>();
  /** Pids seen for containers (pid file, state), for the leftover-process check. */
  readonly pids = new Set<number>();
  readonly bundles: Bundle[] = [];

  private idCount = 0;
  private bundleCount = 0;
  private readonly seenProblems = new Set<string>();

  constructor(private readonly setup: ContextSetup) {
    this.caseId = setup.case.id;
    this.specVersion = setup.specVersion;
    this.profile = setup.profile;
    this.configVersion = setup.configVersion;
    if (setup.features !== undefined) this.features = setup.features;
    this.host = setup.host;
    this.signal = setup.signal;
    this.containerId = `${slug(setup.case.id)}-${setup.runTag}`;
    this.runtime = this.makeRuntime();
    this.check = this.makeChecks();
  }

  /** Builds the main bundle from the case's `build`. */
  async init(): Promise<void> {
    const c = this.setup.case;
    this.bundle = await this.makeBundle((b) =>
      c.build?.(b, {
        specVersion: this.specVersion,
        profile: this.profile,
        configVersion: this.configVersion,
        ...(this.features !== undefined ? { features: this.features } : {}),
      }),
    );
  }

  async makeBundle(build?: (config: ConfigBuilder) => void): Promise<Bundle> {
    const n = this.bundleCount++;
    const cgroupsPath = `${this.setup.cgroupParent}/${this.setup.index}-${n}`;
    const builder = new ConfigBuilder(defaultConfig({ specVersion: this.configVersion, cgroupsPath }));
    build?.(builder);
    const config = builder.build();
    const b = await createBundle(join(this.setup.caseDir, `bundle${n}`), config, {
      probe: this.setup.probe,
      ...(config.linux?.cgroupsPath !== undefined ? { cgroupsPath: config.linux.cgroupsPath } : {}),
    });
    this.bundles.push(b);
    return b;
  }

  newContainerId(tag?: string): string {
    this.idCount++;
    return `${slug(this.caseId)}-${slug(tag ?? String(this.idCount))}-${this.setup.runTag}`;
  }

  outputPath(opts: { id?: string; stream?: 'stdout' | 'stderr' } = {}): string {
    const id = opts.id ?? this.containerId;
    return join(this.setup.caseDir, `${slug(id) || 'empty-id'}.${opts.stream ?? 'stdout'}`);
  }

  async output(opts: { id?: string; stream?: 'stdout' | 'stderr' } = {}): Promise<string> {
    try {
      return await readFile(this.outputPath(opts), 'utf8');
    } catch {
      return '';
    }
  }

  observe(key: string, value: unknown): void {
    this.observations[key] = value;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  defer(fn: () => Promise<void> | void): void {
    this.deferred.push(fn);
  }

  /** Milliseconds left before the wait's own deadline or the case's, whichever is first. */
  private until(opts?: WaitOptions): number {
    return Math.min(
      Date.now() + (opts?.timeoutMs ?? 10_000) * (this.setup.timeScale ?? 1),
      this.setup.deadline,
    );
  }

  /** Calls timeout: the driver's, but never past the case deadline. */
  private callTimeout(): number {
    return Math.max(50, Math.min(this.setup.driver.timeoutMs, this.setup.deadline - Date.now()));
  }

  private record(r: CommandRecord): void {
    this.commands.push(evidenceRecord(r));
  }

  private async sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return;
    const signal = this.signal;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Polls `test` with a growing interval (5 ms to 50 ms) until it returns a value or the deadline passes. */
  private async poll<T>(test: () => Promise<T | undefined>, deadline: number): Promise<T | undefined> {
    let interval = 5;
    for (;;) {
      const v = await test();
      if (v !== undefined) return v;
      if (Date.now() >= deadline || this.signal.aborted) return undefined;
      await this.sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
      interval = Math.min(50, interval * 2);
    }
  }

  async waitForStatus(
    status: ContainerStatus | ContainerStatus[],
    opts: WaitOptions & { id?: string } = {},
  ): Promise<{ matched: boolean; last: StateResult | undefined }> {
    const want = Array.isArray(status) ? status : [status];
    let last: StateResult | undefined;
    const hit = await this.poll(async () => {
      last = await this.stateCall(opts.id ?? this.containerId, false);
      return typeof last.state?.status === 'string' && want.includes(last.state.status as ContainerStatus)
        ? true
        : undefined;
    }, this.until(opts));
    if (last) this.record(last);
    return { matched: hit === true, last };
  }

  async waitForFile(hostPath: string, opts: WaitOptions = {}): Promise<boolean> {
    return (
      (await this.poll(async () => (existsSync(hostPath) ? true : undefined), this.until(opts))) === true
    );
  }

  async waitForOutput(
    match: RegExp | ((text: string) => boolean),
    opts: WaitOptions & { id?: string; stream?: 'stdout' | 'stderr' } = {},
  ): Promise<string | undefined> {
    const test = typeof match === 'function' ? match : (t: string) => match.test(t);
    return this.poll(async () => {
      const text = await this.output(opts);
      return test(text) ? text : undefined;
    }, this.until(opts));
  }

  /** `state` with parsing, schema check (findings deduplicated) and pid tracking. */
  private async stateCall(id: string, record: boolean): Promise<StateResult> {
    const r = await this.setup.driver.state(id, { signal: this.signal, timeoutMs: this.callTimeout() });
    if (record) this.record(r);
    const out: StateResult = { ...r };
    if (r.exitCode !== 0) return out;
    const parsed = parseStateOutput(r.stdout);
    if (parsed.error !== undefined) {
      out.parseError = parsed.error;
      this.problem(`parse:${parsed.error}`, {
        rule: this.caseId,
        check: 'state output',
        requirements: ['runtime.query-state.returns-state'],
        level: strongestLevel(['runtime.query-state.returns-state']),
        location: commandLocation(r),
        message:
          r.outputBytes?.stdout !== undefined
            ? `state exited 0 but printed ${r.outputBytes.stdout} bytes on stdout (the first ${maxCapture} kept) and ${parsed.error}`
            : `state exited 0 but ${parsed.error}`,
        actual: r.stdout.slice(0, 200),
      });
      return out;
    }
    out.state = parsed.value!;
    if (typeof out.state.pid === 'number' && out.state.pid > 0) this.pids.add(out.state.pid);
    for (const p of checkStateDocument(this.specVersion, out.state)) {
      this.problem(`schema:${p.pointer}:${p.message}`, {
        rule: this.caseId,
        check: 'state schema',
        requirements: ['runtime.state.schema'],
        level: strongestLevel(['runtime.state.schema']),
        location: commandLocation(r),
        message: `state document at ${p.pointer || '/'} does not match the state schema: ${p.message}`,
        ...(p.expected !== undefined ? { expected: p.expected } : {}),
        actual: p.actual !== undefined ? p.actual : out.state,
      });
    }
    return out;
  }

  /** Adds a finding once per key (polling repeats the same problem). */
  private problem(key: string, f: Finding): void {
    if (this.seenProblems.has(key)) return;
    this.seenProblems.add(key);
    this.findings.push(f);
  }

  private makeRuntime(): CaseRuntime {
    const d = this.setup.driver;
    const opts = () => ({ signal: this.signal, timeoutMs: this.callTimeout() });
    return {
      create: async (o = {}) => {
        const id = o.id === undefined ? this.containerId : o.id;
        const bundle = o.bundle === undefined ? this.bundle : o.bundle;
        const bundleDir = bundle === null ? null : typeof bundle === 'string' ? bundle : bundle.dir;
        let pidFile: string | undefined;
        if (o.pidFile === undefined || o.pidFile === true)
          pidFile = join(this.setup.caseDir, `${slug(id ?? 'no-id')}.pid`);
        else if (typeof o.pidFile === 'string') pidFile = o.pidFile;
        if (id !== null) this.containers.add(id);
        const r = await d.create(id, bundleDir, {
          ...opts(),
          cwd: o.cwd ?? (bundleDir !== null ? join(bundleDir, '..') : this.setup.caseDir),
          ...(pidFile !== undefined ? { pidFile } : {}),
          ...(o.consoleSocket !== undefined ? { consoleSocket: o.consoleSocket } : {}),
          stdioFiles: {
            stdout: this.outputPath({ id: id ?? 'no-id' }),
            stderr: this.outputPath({ id: id ?? 'no-id', stream: 'stderr' }),
          },
        });
        this.record(r);
        if (pidFile !== undefined && r.exitCode === 0) {
          try {
            const pid = Number((await readFile(pidFile, 'utf8')).trim());
            if (Number.isInteger(pid) && pid > 0) this.pids.add(pid);
          } catch {
            /* checked by the cases that care */
          }
        }
        const result: CreateResult = { ...r, id: id ?? undefined };
        if (pidFile !== undefined) result.pidFile = pidFile;
        return result;
      },
      start: async (id = this.containerId) => {
        const r = await d.start(id, opts());
        this.record(r);
        return r;
      },
      state: (id = this.containerId) => this.stateCall(id, true),
      kill: async (signal, id = this.containerId) => {
        const r = await d.kill(id, signal, opts());
        this.record(r);
        return r;
      },
      delete: async (o = {}) => {
        const r = await d.delete(o.id ?? this.containerId, { ...opts(), force: o.force === true });
        this.record(r);
        return r;
      },
      raw: async (args, o = {}) => {
        const r = await d.call(args, {
          signal: this.signal,
          timeoutMs:
            o.timeoutMs !== undefined
              ? Math.max(
                  50,
                  Math.min(o.timeoutMs * (this.setup.timeScale ?? 1), this.setup.deadline - Date.now()),
                )
              : this.callTimeout(),
          cwd: o.cwd ?? this.setup.caseDir,
        });
        this.record(r);
        return r;
      },
    };
  }

  private finding(opts: CheckOptions, message: string, extra: Partial<Finding> = {}): Finding {
    return {
      rule: this.caseId,
      check: opts.what,
      requirements: [...opts.requirements],
      level: strongestLevel(opts.requirements),
      location: { kind: 'observation', field: opts.what },
      message,
      ...extra,
    };
  }

  private makeChecks(): CaseChecks {
    return {
      succeeded: (r, o) => {
        if (r.exitCode === 0 && !r.timedOut) return true;
        this.findings.push(
          this.finding(o, `${o.what}: expected the command to succeed but found ${describeOutcome(r)}`, {
            location: commandLocation(r),
            expected: 'exit code 0',
            actual: describeOutcome(r),
          }),
        );
        return false;
      },
      failed: (r, o) => {
        if (r.exitCode !== null && r.exitCode !== 0 && !r.timedOut) return true;
        this.findings.push(
          this.finding(
            o,
            `${o.what}: expected the command to report an error but found ${describeOutcome(r)}`,
            {
              location: commandLocation(r),
              expected: 'a non-zero exit code',
              actual: describeOutcome(r),
            },
          ),
        );
        return false;
      },
      equal: (actual, expected, o) => {
        if (isDeepStrictEqual(actual, expected)) return true;
        this.findings.push(
          this.finding(
            o,
            `${o.what}: expected ${JSON.stringify(expected)} but found ${JSON.stringify(actual)}`,
            {
              expected,
              actual,
            },
          ),
        );
        return false;
      },
      that: (condition, o) => {
        if (condition) return true;
        const msg =
          o.message ??
          `${o.what}: expected ${JSON.stringify(o.expected ?? true)} but found ${JSON.stringify(o.actual ?? false)}`;
        this.findings.push(
          this.finding(o, msg, {
            ...(o.expected !== undefined ? { expected: o.expected } : {}),
            ...(o.actual !== undefined ? { actual: o.actual } : {}),
          }),
        );
        return false;
      },
      fail: (o) => {
        this.findings.push(
          this.finding(o, o.message, {
            ...(o.expected !== undefined ? { expected: o.expected } : {}),
            ...(o.actual !== undefined ? { actual: o.actual } : {}),
            ...(o.location ? { location: o.location } : {}),
          }),
        );
        return false;
      },
    };
  }
}
