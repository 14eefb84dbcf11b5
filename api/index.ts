// The programmatic API (`import { validateConfig, ... } from 'oci-conform'`): each function takes the
// options of its command and resolves to the same Report object the JSON reporter writes.
import type { CaseResult, Report } from '../model/report.js';
import type { CommandHooks } from '../cli/common.js';
import type { ListedCase } from '../cli/list.js';
import type { BundleResult } from '../harness/image/bundle.js';

export type {
  CaseResult,
  CaseStatus,
  CommandRecord,
  Finding,
  HostFacts,
  Location,
  Report,
  Subject,
  Totals,
} from '../model/report.js';
export type { ListedCase } from '../cli/list.js';
export type { BundleResult } from '../harness/image/bundle.js';

/** Options every reporting command shares (the CLI's flags of the same names). */
export interface CommonOptions {
  /** Reporters to write besides returning the report, e.g. `['junit=out.xml']`. @default [] */
  reporter?: string[];
  /** Findings at or above this level fail. @default 'must' */
  level?: 'must' | 'should' | 'may';
  /** More warnings than this fail (exit code 1). */
  maxWarnings?: number;
  /** Rule or requirement ids (globs allowed) whose findings are suppressed. */
  disable?: string[];
  /** A policy file (`.oci-conform.json`) to read instead of looking for one. */
  config?: string;
}

/** `oci-conform validate`. */
export interface ValidateConfigOptions extends CommonOptions {
  /** @default detected from the content */
  kind?: 'config' | 'state' | 'features';
  /** Judge against this runtime-spec version instead of the document's ociVersion. */
  specVersion?: string;
  /** Also check against this host (capabilities, filesystems, hook paths, bind sources). */
  hostSpecific?: boolean;
}

/** `oci-conform validate-image`. */
export interface ValidateImageOptions extends CommonOptions {
  /** Select index.json entries by org.opencontainers.image.ref.name. */
  ref?: string;
  /** `os/arch[/variant]`: inside indexes, follow only entries for this platform. */
  platform?: string;
  /** The layout may lack referenced blobs. */
  sparse?: boolean;
  /** @default '1.1.1' */
  specVersion?: string;
  /** Stop reading a layer after this many uncompressed bytes. */
  maxLayerSize?: number;
}

/** `oci-conform bundle`. */
export interface ToBundleOptions {
  ref?: string;
  platform?: string;
}

/** `oci-conform run`. */
export interface RunSuiteOptions extends CommonOptions {
  /** The runtime binary or wrapper. @default the bundled reference runtime */
  runtime?: string;
  runtimeArg?: string[];
  /** Case id or group globs, e.g. `['lifecycle.kill.*']`. */
  filter?: string[];
  specVersion?: string;
  configVersion?: string;
  /** @default 'spec' */
  profile?: 'spec' | 'runc-compat';
  /** A baseline of expected failures. */
  expect?: string;
  writeBaseline?: string;
  jobs?: number;
  caseTimeout?: number;
  callTimeout?: number;
  timeoutScale?: number;
  probe?: string;
  /** Also run every case against the reference runtime (`true`), or never (`false`). */
  compare?: boolean;
  noReferenceCache?: boolean;
  /** `i/n`: run only shard i of n of the selected cases (merge the reports with `oci-conform merge`). */
  shard?: string;
  /** A JSON report of an earlier run whose case durations balance the shards. */
  durations?: string;
  /** Called as each case ends, with how many have ended and how many there are. */
  onCase?: (result: CaseResult, done: number, total: number) => void;
}

/** A command could not produce a report: bad options (exit code 2) or a broken tool or environment (3). */
export class OciConformError extends Error {
  override name = 'OciConformError';
  constructor(
    message: string,
    /** The exit code the CLI would have given. */
    readonly exitCode: number,
  ) {
    super(message);
  }
}

type Main = (argv: string[], hooks?: CommandHooks) => Promise<number>;

/** The CLI's argv for typed options: `fooBar: 'x'` is `--foo-bar=x`, arrays repeat, `compare: false` is `--no-compare`. */
export function toArgv(opts: object, skip: readonly string[] = []): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(opts)) {
    if (value === undefined || skip.includes(key)) continue;
    const flag = '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    if (value === true) argv.push(flag);
    else if (value === false) {
      if (key === 'compare') argv.push('--no-compare');
    } else if (Array.isArray(value)) for (const v of value) argv.push(`${flag}=${String(v)}`);
    else argv.push(`${flag}=${String(value)}`);
  }
  return argv;
}

async function reportOf(
  command: string,
  main: Main,
  argv: string[],
  hooks: CommandHooks = {},
): Promise<Report> {
  const { UsageError } = await import('../cli/common.js');
  let report: Report | undefined;
  let code: number;
  try {
    code = await main(argv, { ...hooks, onReport: (r) => (report = r) });
  } catch (e) {
    if (e instanceof UsageError) throw new OciConformError(`oci-conform ${command}: ${e.message}`, 2);
    throw e;
  }
  if (!report)
    throw new OciConformError(
      `oci-conform ${command}: expected a report but the command exited with ${code} before making one (its reason is on stderr)`,
      code,
    );
  return report;
}

/** Checks runtime-spec documents (config.json, state, features) or bundle directories. */
export async function validateConfig(
  paths: string | string[],
  options: ValidateConfigOptions = {},
): Promise<Report> {
  const { main } = await import('../cli/validate.js');
  return reportOf('validate', main, [...toArgv(options), '--', ...[paths].flat()]);
}

/** Checks an OCI image layout directory or oci-archive, streamed and never unpacked. */
export async function validateImage(path: string, options: ValidateImageOptions = {}): Promise<Report> {
  const { main } = await import('../cli/validate-image.js');
  return reportOf('validate-image', main, [...toArgv(options), '--', path]);
}

/** Converts an image into a runtime bundle (rootfs and config.json) by the image-spec conversion rules. */
export async function toBundle(
  image: string,
  dir: string,
  options: ToBundleOptions = {},
): Promise<BundleResult> {
  const { buildBundle } = await import('../harness/image/bundle.js');
  const { parsePlatform } = await import('../harness/image/validate.js');
  return buildBundle(image, dir, {
    ...(options.ref !== undefined ? { ref: options.ref } : {}),
    ...(options.platform !== undefined ? { platform: parsePlatform(options.platform) } : {}),
  });
}

/** Runs the runtime conformance cases against a runc-compatible runtime (needs root). */
export async function runSuite(options: RunSuiteOptions = {}): Promise<Report> {
  const { main } = await import('../cli/run.js');
  return reportOf('run', main, toArgv(options, ['onCase']), options.onCase ? { onCase: options.onCase } : {});
}

/** The runtime cases, their groups and requirement ids, as `oci-conform list --format json` prints them. */
export async function listCases(
  options: { filter?: string[]; specVersion?: string } = {},
): Promise<ListedCase[]> {
  const { listCases: list } = await import('../cli/list.js');
  const { parseSpecVersion } = await import('../cli/run.js');
  const { UsageError } = await import('../cli/common.js');
  try {
    return list(options.filter, parseSpecVersion('--spec-version', options.specVersion, '1.3.0'));
  } catch (e) {
    if (e instanceof UsageError) throw new OciConformError(`oci-conform list: ${e.message}`, 2);
    throw e;
  }
}
