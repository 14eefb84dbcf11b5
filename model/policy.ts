// Policy at the edge: severities, totals and the exit code are pure functions of the findings,
// the chosen --level and the case statuses (STYLE.md "Policy and exit codes are pure functions").
import picomatch from 'picomatch';
import type { CaseResult, Finding, FindingLevel, Report, Severity, Totals } from './report.js';

export type FailLevel = 'must' | 'should' | 'may';

const rank: Record<FailLevel, number> = { must: 0, should: 1, may: 2 };

/** Effective severity of a finding of `level` when `--level` is `failLevel`. */
export function severityFor(level: FindingLevel, failLevel: FailLevel): Severity {
  if (level === 'info') return 'info';
  if (level === 'hazard') return 'warning';
  return rank[level] <= rank[failLevel] ? 'error' : 'warning';
}

export function applySeverity(findings: Finding[], failLevel: FailLevel): Finding[] {
  return findings.map((f) => ({ ...f, severity: severityFor(f.level, failLevel) }));
}

/** A predicate over findings from `--disable` patterns, or undefined when there are none. */
export type Suppressor = (f: Finding) => boolean;

/**
 * `--disable` patterns (rule ids or requirement ids; `*`, `?` and `{a,b}` globs, dots are plain
 * characters) as one predicate: a finding is suppressed when a pattern matches its rule or any of its
 * requirements.
 */
export function suppressorFor(patterns: readonly string[]): Suppressor | undefined {
  if (patterns.length === 0) return undefined;
  const match = picomatch([...patterns], { dot: true, nobrace: false });
  return (f) => match(f.rule) || f.requirements.some((id) => match(id));
}

/** Marks the findings a suppressor matches (they stay in the report, counted as suppressed). */
export function applySuppression(findings: Finding[], suppress: Suppressor | undefined): Finding[] {
  if (!suppress) return findings;
  return findings.map((f) => (suppress(f) ? { ...f, suppressed: true as const } : f));
}

/** Whether a finding counts against the subject (an error that is not suppressed). */
function isError(f: Finding): boolean {
  return f.severity === 'error' && !f.suppressed;
}

/** A static-rule case fails when it has an error finding, passes otherwise (unless skipped/errored). */
export function statusFromFindings(c: CaseResult): CaseResult['status'] {
  if (c.status === 'skip' || c.status === 'error') return c.status;
  return c.findings.some(isError) ? 'fail' : 'pass';
}

/**
 * A runtime case that failed only on suppressed findings passes, with the reason saying so; every other
 * status is the scheduler's (and the baseline's) verdict.
 */
export function statusAfterSuppression(c: CaseResult): Pick<CaseResult, 'status' | 'reason'> {
  if (c.status !== 'fail' || c.findings.length === 0 || c.findings.some((f) => !f.suppressed))
    return { status: c.status, ...(c.reason !== undefined ? { reason: c.reason } : {}) };
  return { status: 'pass', reason: `every finding (${c.findings.length}) is disabled` };
}

export function computeTotals(cases: CaseResult[]): Totals {
  const t: Totals = {
    pass: 0,
    fail: 0,
    skip: 0,
    error: 0,
    xfail: 0,
    xpass: 0,
    findings: { error: 0, warning: 0, info: 0, suppressed: 0 },
  };
  for (const c of cases) {
    t[c.status]++;
    // an expected failure's findings are what the baseline expects: not counted as new errors
    if (c.status === 'xfail') continue;
    for (const f of c.findings) t.findings[f.suppressed ? 'suppressed' : (f.severity ?? 'error')]++;
  }
  return t;
}

/**
 * Exit code: 3 when the tool or environment failed (any errored case or tool error), else 1 when a case
 * failed, an expected failure passed, or there are more warnings than `maxWarnings` (eslint's
 * `--max-warnings`: suppressed findings do not count), else 0.
 */
export function exitCodeFor(report: Pick<Report, 'totals' | 'errors' | 'maxWarnings'>): 0 | 1 | 3 {
  if ((report.errors?.length ?? 0) > 0 || report.totals.error > 0) return 3;
  if (report.totals.fail > 0 || report.totals.xpass > 0) return 1;
  if (report.maxWarnings !== undefined && report.totals.findings.warning > report.maxWarnings) return 1;
  return 0;
}

/** Deterministic order for findings: new to the baseline first, then file, line, column, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  const na0 = a.baseline === 'new' ? 0 : 1;
  const nb0 = b.baseline === 'new' ? 0 : 1;
  if (na0 !== nb0) return na0 - nb0;
  const la = a.location;
  const lb = b.location;
  const fa = 'file' in la ? la.file : '';
  const fb = 'file' in lb ? lb.file : '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const na = 'line' in la ? (la.line ?? 0) : 0;
  const nb = 'line' in lb ? (lb.line ?? 0) : 0;
  if (na !== nb) return na - nb;
  const ca = 'column' in la ? (la.column ?? 0) : 0;
  const cb = 'column' in lb ? (lb.column ?? 0) : 0;
  if (ca !== cb) return ca - cb;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
