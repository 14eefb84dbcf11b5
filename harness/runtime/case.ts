// The runtime case model (DESIGN.md "Runtime cases"): a case is a value with an id, a group, the requirements
// it checks, a host predicate, a config edit and an async `run` that drives the runtime through a context.
import type { CommandRecord, Finding, Location } from '../../model/report.js';
import type { RuntimeRequirementId } from '../../requirements/index.js';
import type { ConfigBuilder, RuntimeConfig } from './config-builder.js';
import type { FeatureClaim } from './features.js';
import type { RunHostFacts } from './host.js';

export type { RunHostFacts, ConfigBuilder, RuntimeConfig };

/** `--profile`: `spec` judges by the spec text; `runc-compat` expects runc's convention where the two differ. */
export type Profile = 'spec' | 'runc-compat';

/** Status values the spec defines (runtime.md "State"); runtimes may report others. */
export type ContainerStatus = 'creating' | 'created' | 'running' | 'stopped';

/** The state document as `state` printed it (unknown properties kept). */
export interface StateDocument {
  ociVersion?: unknown;
  id?: unknown;
  status?: unknown;
  pid?: unknown;
  bundle?: unknown;
  annotations?: unknown;
  [key: string]: unknown;
}

/** What a case's `needs` and `build` may look at besides the host. */
export interface CaseEnvironment {
  /** `--spec-version`, e.g. `1.3.0`. */
  specVersion: string;
  profile: Profile;
  /**
   * `ociVersion` the generated configs declare (`--config-version`, default `1.0.2`): the lowest version
   * whose features the default config uses, so runtimes that only accept older configs (crun 1.8.1 takes
   * up to 1.1.x) still run the cases. A case using newer config features sets `/ociVersion` itself.
   */
  configVersion?: string;
  /** The runtime's `features` document as it printed it (a JSON object), when it has one. */
  features?: unknown;
}

/** A generated bundle: a directory with config.json and a fresh rootfs holding only the probe. */
export interface Bundle {
  /** Absolute path of the bundle directory. */
  dir: string;
  /** Absolute path of the rootfs directory on the host. */
  rootfs: string;
  /** Absolute path of config.json. */
  configPath: string;
  /** The config as written at creation (later edits through {@link Bundle.writeConfig} update it). */
  config: RuntimeConfig;
  /** `linux.cgroupsPath` the harness gave the bundle (unique per bundle), if any. */
  cgroupsPath?: string;
  /** Host path of a path inside the container's rootfs (`/marker` -> `<rootfs>/marker`). */
  hostPath(containerPath: string): string;
  /** Rewrites config.json (e.g. to check that edits after create have no effect). */
  writeConfig(config: RuntimeConfig): Promise<void>;
}

/** Result of a `create` call. */
export interface CreateResult extends CommandRecord {
  /** The container id that was passed (may be '' or absent for negative cases). */
  id: string | undefined;
  /** Host path of the `--pid-file` passed, when one was. */
  pidFile?: string;
}

/** Result of a `state` call: the record, and the parsed document when the call succeeded. */
export interface StateResult extends CommandRecord {
  /** Parsed document; undefined when the call failed or printed something that is not a JSON object. */
  state?: StateDocument;
  /** Why stdout could not be parsed, when exit code was 0 but the output was not a JSON object. */
  parseError?: string;
}

/**
 * The runtime driver bound to one case: every call uses the run's private `--root` and `--runtime-arg`s,
 * is bounded by a timeout, is recorded as evidence, and returns data (never throws for a runtime failure).
 * `id` defaults to the case's main container id.
 */
export interface CaseRuntime {
  /**
   * `create [--pid-file FILE] --bundle DIR ID`. The container's stdout/stderr go to files (never pipes).
   * `id: null` leaves the id argument out; `bundle: null` leaves `--bundle` out (then `cwd` matters).
   * @default pidFile true (a file in the case's work dir), bundle the case's main bundle
   */
  create(opts?: {
    id?: string | null;
    bundle?: Bundle | string | null;
    pidFile?: boolean | string;
    /** Working directory of the runtime process. @default the bundle's parent dir */
    cwd?: string;
    /** `--console-socket PATH` (runc's protocol for `terminal: true`: the pty master is sent there). */
    consoleSocket?: string;
  }): Promise<CreateResult>;
  start(id?: string): Promise<CommandRecord>;
  /**
   * `state ID`. When it exits 0 the output is parsed, and checked against the state schema of the run's
   * spec version: a schema violation or unparsable output becomes a finding of the case automatically
   * (requirements `runtime.state.schema`, `runtime.query-state.returns-state`).
   */
  state(id?: string): Promise<StateResult>;
  /** `kill ID SIGNAL` (the signal is passed as given: `TERM`, `SIGTERM` or `15`). */
  kill(signal: string | number, id?: string): Promise<CommandRecord>;
  /** `delete [--force] ID`. */
  delete(opts?: { force?: boolean; id?: string }): Promise<CommandRecord>;
  /** Any other invocation, with the global args put first (e.g. `['state']` to leave the id out). */
  raw(args: string[], opts?: { cwd?: string; timeoutMs?: number }): Promise<CommandRecord>;
}

/** Options of every wait: the wait ends at the deadline or the case's deadline, whichever is first. */
export interface WaitOptions {
  /** @default 10_000 */
  timeoutMs?: number;
}

/** Options of a check: the requirements a failure is evidence against, and what is being checked. */
export interface CheckOptions {
  requirements: RuntimeRequirementId[];
  /** What was checked, for the message, e.g. `state.status after start`. */
  what: string;
}

/**
 * Checks record a finding in the case when they fail and return whether they passed, so a case can stop
 * early. The finding's level is the strongest level among `requirements`.
 */
export interface CaseChecks {
  /** The command exited 0 within its timeout. */
  succeeded(record: CommandRecord, opts: CheckOptions): boolean;
  /** The command exited with a non-zero code (a timeout or a crash by signal is not an error report). */
  failed(record: CommandRecord, opts: CheckOptions): boolean;
  /** Deep equality of JSON-like values. */
  equal(actual: unknown, expected: unknown, opts: CheckOptions): boolean;
  /** A condition, with the expected and actual values for the report. */
  that(
    condition: boolean,
    opts: CheckOptions & { expected?: unknown; actual?: unknown; message?: string },
  ): boolean;
  /** Records a finding unconditionally (returns false). */
  fail(
    opts: CheckOptions & { message: string; expected?: unknown; actual?: unknown; location?: Location },
  ): false;
}

/** Everything a case's `run` gets. */
export interface CaseContext extends CaseEnvironment {
  readonly caseId: string;
  readonly host: RunHostFacts;
  /** Aborted at the case deadline or when the run is interrupted. */
  readonly signal: AbortSignal;
  /** The main container id: unique in the run, prefixed with the case id. */
  readonly containerId: string;
  /** The main bundle, made from the case's `build`. */
  readonly bundle: Bundle;
  /** Path of the probe inside every generated rootfs (`/probe`). */
  readonly probe: string;
  readonly runtime: CaseRuntime;
  readonly check: CaseChecks;
  /** A further bundle (fresh rootfs, its own cgroupsPath) from the default config plus `build`. */
  makeBundle(build?: (config: ConfigBuilder) => void): Promise<Bundle>;
  /** A further container id, unique in the run. */
  newContainerId(tag?: string): string;
  /** Polls `state` until its status is one of `status`; returns the last state result and whether it matched. */
  waitForStatus(
    status: ContainerStatus | ContainerStatus[],
    opts?: WaitOptions & { id?: string },
  ): Promise<{ matched: boolean; last: StateResult | undefined }>;
  /** Waits until a host path exists (e.g. `bundle.hostPath('/marker')`). */
  waitForFile(hostPath: string, opts?: WaitOptions): Promise<boolean>;
  /**
   * Waits until the container's stdout (or stderr) satisfies `match`; returns the whole text then,
   * or undefined at the deadline.
   */
  waitForOutput(
    match: RegExp | ((text: string) => boolean),
    opts?: WaitOptions & { id?: string; stream?: 'stdout' | 'stderr' },
  ): Promise<string | undefined>;
  /** What the container has written so far to its stdout (or stderr) file. */
  output(opts?: { id?: string; stream?: 'stdout' | 'stderr' }): Promise<string>;
  /** Host path of the container's stdout (or stderr) file. */
  outputPath(opts?: { id?: string; stream?: 'stdout' | 'stderr' }): string;
  /** Adds an observation to the evidence under `key`. */
  observe(key: string, value: unknown): void;
  /** Adds a note to the evidence. */
  note(text: string): void;
  /** Registers extra teardown (runs after the harness's own kill/delete, even when the case failed). */
  defer(fn: () => Promise<void> | void): void;
}

/** A runtime conformance case. */
export interface RuntimeCase {
  /** Stable id, `<group>.<what>`, e.g. `lifecycle.delete.running-errors`. */
  id: string;
  /** Area: lifecycle, process, filesystem, namespaces, hooks, cgroups, security... */
  group: string;
  requirements: RuntimeRequirementId[];
  /** One sentence: what the case does and expects. */
  description: string;
  /** Spec versions the case applies to (inclusive `since`, exclusive `until`). @default all */
  since?: string;
  until?: string;
  /** A reason to skip on this host (missing kernel feature, controller, LSM...), or null to run. */
  needs?(host: RunHostFacts, env: CaseEnvironment): string | null;
  /**
   * The feature the case exercises, as the runtime's `features` document names it: declared unsupported,
   * the case is skipped with that reason; claimed, a failure of the case is also a false-claim finding.
   */
  feature?: FeatureClaim;
  /**
   * Where runc's convention and the spec differ, the difference in words; `run` reads `ctx.profile`
   * and expects runc's behaviour under `runc-compat`. The note is copied into the evidence.
   */
  profiles?: { 'runc-compat': string };
  /** Edits the default config of the main bundle (see `defaultConfig`). */
  build?(config: ConfigBuilder, env: CaseEnvironment): void;
  /** Deadline of the whole case including teardown. @default 30_000 */
  timeoutMs?: number;
  /**
   * Drives the runtime. Failed checks are recorded through `ctx.check`; findings returned here are added.
   * Throwing marks the case `error` (the tool or environment broke), not `fail`.
   */
  run(ctx: CaseContext): Promise<Finding[] | void>;
}

/** Identity helper that keeps literal types and documents intent. */
export function defineCase(c: RuntimeCase): RuntimeCase {
  return c;
}
