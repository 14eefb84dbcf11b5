// Options every command shares (--reporter, --level, colour) and the one way a command ends:
// apply the policy, write every reporter, return the exit code.
import { isatty } from 'node:tty';
import type { CaseResult, HostFacts, Report, Subject } from '../model/report.js';
import {
  applySeverity,
  applySuppression,
  compareFindings,
  computeTotals,
  exitCodeFor,
  statusAfterSuppression,
  statusFromFindings,
  suppressorFor,
  type FailLevel,
} from '../model/policy.js';
import { findPolicyFile, PolicyFileError } from './config-file.js';
import { VERSION } from './version.js';
import { loadReporter, parseReporterSpec, type ReporterName } from '../reports/spec.js';

/** Bad usage: the message says what was expected and what was found; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options for `node:util` parseArgs shared by validate, validate-image and run. */
export const commonOptions = {
  reporter: { type: 'string', multiple: true, short: 'r' },
  level: { type: 'string' },
  'max-warnings': { type: 'string' },
  disable: { type: 'string', multiple: true },
  config: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

export interface ReporterChoice {
  name: ReporterName;
  /** File path; undefined or '-' means stdout. */
  destination?: string;
}

export interface CommonOptions {
  reporters: ReporterChoice[];
  /** Findings at or above this level fail. @default 'must' */
  level: FailLevel;
  /** `--max-warnings N`: more warnings than N fail the run. */
  maxWarnings?: number;
  /** `--disable` patterns plus the policy file's `disable`. */
  disable: string[];
  /** The policy file read, if any. */
  policyFile?: string;
  color: boolean;
  /** Receives the final report (the API). */
  onReport?: (report: Report) => void;
}

/** What a program calling a command's main (the API, api/index.ts) gets besides the exit code. */
export interface CommandHooks {
  /** Receives the final report; without `--reporter` nothing is written when this is set. */
  onReport?: (report: Report) => void;
  /** `run`: called as each case ends, with how many have ended and how many there are. */
  onCase?: (result: CaseResult, done: number, total: number) => void;
}

/** The common options with the hooks applied: a caller taking the report needs no default text reporter. */
export function withHooks(
  common: CommonOptions,
  hooks: CommandHooks | undefined,
  reporterFlags: readonly string[] | undefined,
): CommonOptions {
  if (!hooks?.onReport) return common;
  return { ...common, reporters: reporterFlags?.length ? common.reporters : [], onReport: hooks.onReport };
}

/** Help text of the options every command shares, descriptions starting at column `col`. */
export function commonHelp(col: number): string {
  const rows: [string, string][] = [
    ['--level must|should|may', 'findings at or above this level fail (default must; the rest warn)'],
    ['--max-warnings N', 'exit 1 when there are more than N warnings (0: every warning fails)'],
    ['--disable ID', "suppress findings of a rule or requirement id, globs allowed ('config.linux.*');"],
    ['', 'repeatable; suppressed findings are counted apart, never dropped'],
    ['--config FILE', 'policy file {"disable": [...], "maxWarnings": N, "level": "should"} (default:'],
    ['', '.oci-conform.json next to the input, or in the current directory for run)'],
    ['-r, --reporter NAME[=FILE]', 'text, json, junit, tap, html, sarif; repeatable, at most one on stdout'],
  ];
  return rows
    .map(([opt, text]) => {
      const head = `  ${opt}`;
      return (head.length < col ? head.padEnd(col) : `${head}\n${''.padEnd(col)}`) + text;
    })
    .join('\n');
}

const levels: FailLevel[] = ['must', 'should', 'may'];

export function parseCommon(
  values: {
    reporter?: string[];
    level?: string;
    'max-warnings'?: string;
    disable?: string[];
    config?: string;
    color?: boolean;
    'no-color'?: boolean;
  },
  inputs: readonly string[] = [],
): CommonOptions {
  let file;
  try {
    file = findPolicyFile(values.config, inputs);
  } catch (err) {
    if (err instanceof PolicyFileError) throw new UsageError(`--config: ${err.message}`);
    throw err;
  }
  const levelText = values.level ?? file?.level ?? 'must';
  const level = levelText.toLowerCase();
  if (!levels.includes(level as FailLevel)) {
    throw new UsageError(
      `${values.level !== undefined ? '--level' : `${file?.path}: "level"`}: expected one of ${levels.join(', ')} but found ${JSON.stringify(levelText)}`,
    );
  }
  let maxWarnings = file?.maxWarnings;
  if (values['max-warnings'] !== undefined) {
    const t = values['max-warnings'];
    if (!/^\d+$/.test(t))
      throw new UsageError(`--max-warnings: expected an integer of 0 or more but found ${JSON.stringify(t)}`);
    maxWarnings = Number(t);
  }
  const disable = [...(file?.disable ?? []), ...(values.disable ?? [])];
  for (const d of values.disable ?? [])
    if (d.trim() === '')
      throw new UsageError('--disable: expected a rule or requirement id but found an empty string');
  const reporters = (values.reporter?.length ? values.reporter : ['text']).map(parseReporterChoice);
  const toStdout = reporters.filter((r) => !r.destination);
  if (toStdout.length > 1) {
    throw new UsageError(
      `--reporter: at most one reporter may write to stdout but found ${toStdout.map((r) => r.name).join(', ')}; give the others a file (e.g. junit=out.xml)`,
    );
  }
  const noColor = values['no-color'] === true || (process.env.NO_COLOR ?? '') !== '';
  const color = !noColor && (values.color === true || isatty(1));
  return {
    reporters,
    level: level as FailLevel,
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    disable,
    ...(file ? { policyFile: file.path } : {}),
    color,
  };
}

function parseReporterChoice(spec: string): ReporterChoice {
  try {
    return parseReporterSpec(spec);
  } catch (err) {
    throw new UsageError(`--reporter: ${(err as Error).message}`);
  }
}

/** What a command hands over; the policy fills in severities, totals and the exit code. */
export interface DraftReport {
  command: Report['command'];
  specVersion: string;
  specVersionReason?: string;
  subject: Subject;
  host?: HostFacts;
  profile?: Report['profile'];
  cases: CaseResult[];
  coverage?: Report['coverage'];
  /** Tool-level errors (exit 3). */
  errors?: string[];
  startedAt?: Date;
  comparison?: Report['comparison'];
}

export interface FinishOptions {
  /** Static rules: a case fails when it has an error-severity finding (validate, validate-image). */
  statusFromFindings: boolean;
}

/** Pure: the final Report for a draft under the chosen level. */
export function buildReport(
  draft: DraftReport,
  common: Pick<CommonOptions, 'level'> & Partial<Pick<CommonOptions, 'maxWarnings' | 'disable'>>,
  opts: FinishOptions,
): Report {
  const startedAt = draft.startedAt ?? new Date();
  const suppress = suppressorFor(common.disable ?? []);
  const cases = draft.cases
    .map((c) => {
      const findings = applySuppression(applySeverity(c.findings, common.level), suppress).sort(
        compareFindings,
      );
      const withSeverity = { ...c, findings };
      return opts.statusFromFindings
        ? { ...withSeverity, status: statusFromFindings(withSeverity) }
        : { ...withSeverity, ...statusAfterSuppression(withSeverity) };
    })
    .sort((a, b) =>
      a.group === b.group ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.group < b.group ? -1 : 1,
    );
  const totals = computeTotals(cases);
  const errors = draft.errors?.length ? draft.errors : undefined;
  const report: Report = {
    reportVersion: 1,
    tool: { name: 'oci-conform', version: VERSION },
    command: draft.command,
    specVersion: draft.specVersion,
    ...(draft.specVersionReason ? { specVersionReason: draft.specVersionReason } : {}),
    level: common.level,
    ...(common.maxWarnings !== undefined ? { maxWarnings: common.maxWarnings } : {}),
    ...(common.disable?.length ? { disabled: common.disable } : {}),
    ...(draft.profile ? { profile: draft.profile } : {}),
    subject: draft.subject,
    ...(draft.host ? { host: draft.host } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(Date.now() - startedAt.getTime()),
    cases,
    ...(draft.coverage ? { coverage: draft.coverage } : {}),
    totals,
    exitCode: 0,
    ...(errors ? { errors } : {}),
    ...(draft.comparison ? { comparison: draft.comparison } : {}),
  };
  report.exitCode = exitCodeFor(report);
  return report;
}

/** Build the report, write it with every chosen reporter, and return the exit code. */
export async function finishReport(
  draft: DraftReport,
  common: CommonOptions,
  opts: FinishOptions,
): Promise<number> {
  const report = buildReport(draft, common, opts);
  common.onReport?.(report);
  const { describeRequirement } = await import('./describe.js');
  for (const choice of common.reporters) {
    const factory = await loadReporter(choice.name);
    const destination = choice.destination && choice.destination !== '-' ? choice.destination : undefined;
    const reporter = factory({
      ...(destination ? { destination } : {}),
      color: destination ? false : common.color,
      specVersion: report.specVersion,
      describe: (id) => describeRequirement(id, report.specVersion),
    });
    await reporter.finish(report);
  }
  return report.exitCode;
}
