// Options every command shares (--reporter, --level, colour) and the one way a command ends:
// apply the policy, write every reporter, return the exit code.
import { isatty } from 'node:tty';
import type { CaseResult, HostFacts, Report, Subject } from '../model/report.js';
import {
  applySeverity,
  compareFindings,
  computeTotals,
  exitCodeFor,
  statusFromFindings,
  type FailLevel,
} from '../model/policy.js';
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
  color: boolean;
}

const levels: FailLevel[] = ['must', 'should', 'may'];

export function parseCommon(values: {
  reporter?: string[];
  level?: string;
  color?: boolean;
  'no-color'?: boolean;
}): CommonOptions {
  const level = (values.level ?? 'must').toLowerCase();
  if (!levels.includes(level as FailLevel)) {
    throw new UsageError(
      `--level: expected one of ${levels.join(', ')} but found ${JSON.stringify(values.level)}`,
    );
  }
  const reporters = (values.reporter?.length ? values.reporter : ['text']).map(parseReporterChoice);
  const toStdout = reporters.filter((r) => !r.destination);
  if (toStdout.length > 1) {
    throw new UsageError(
      `--reporter: at most one reporter may write to stdout but found ${toStdout.map((r) => r.name).join(', ')}; give the others a file (e.g. junit=out.xml)`,
    );
  }
  const noColor = values['no-color'] === true || (process.env.NO_COLOR ?? '') !== '';
  const color = !noColor && (values.color === true || isatty(1));
  return { reporters, level: level as FailLevel, color };
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
  subject: Subject;
  host?: HostFacts;
  profile?: Report['profile'];
  cases: CaseResult[];
  coverage?: Report['coverage'];
  /** Tool-level errors (exit 3). */
  errors?: string[];
  startedAt?: Date;
}

export interface FinishOptions {
  /** Static rules: a case fails when it has an error-severity finding (validate, validate-image). */
  statusFromFindings: boolean;
}

/** Pure: the final Report for a draft under the chosen level. */
export function buildReport(
  draft: DraftReport,
  common: Pick<CommonOptions, 'level'>,
  opts: FinishOptions,
): Report {
  const startedAt = draft.startedAt ?? new Date();
  const cases = draft.cases
    .map((c) => {
      const findings = applySeverity(c.findings, common.level).sort(compareFindings);
      const withSeverity = { ...c, findings };
      return opts.statusFromFindings
        ? { ...withSeverity, status: statusFromFindings(withSeverity) }
        : withSeverity;
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
    level: common.level,
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
