import { describe, expect, it } from 'vitest';
import type { CaseResult, Finding, FindingLevel } from './report.js';
import {
  applySeverity,
  compareFindings,
  computeTotals,
  exitCodeFor,
  severityFor,
  statusFromFindings,
  type FailLevel,
} from './policy.js';

function finding(level: FindingLevel, extra: Partial<Finding> = {}): Finding {
  return {
    rule: 'r',
    requirements: [],
    level,
    location: { kind: 'observation', field: 'f' },
    message: 'm',
    ...extra,
  };
}

function kase(status: CaseResult['status'], findings: Finding[] = []): CaseResult {
  return { id: 'c', group: 'g', requirements: [], status, findings, durationMs: 0, evidence: {} };
}

describe('severityFor', () => {
  const table: [FindingLevel, FailLevel, string][] = [
    ['must', 'must', 'error'],
    ['should', 'must', 'warning'],
    ['may', 'must', 'warning'],
    ['must', 'should', 'error'],
    ['should', 'should', 'error'],
    ['may', 'should', 'warning'],
    ['must', 'may', 'error'],
    ['should', 'may', 'error'],
    ['may', 'may', 'error'],
    ['hazard', 'may', 'warning'],
    ['hazard', 'must', 'warning'],
    ['info', 'may', 'info'],
    ['info', 'must', 'info'],
  ];
  it.each(table)('a %s finding under --level %s is an %s', (level, fail, sev) => {
    expect(severityFor(level, fail)).toBe(sev);
    expect(applySeverity([finding(level)], fail)[0]!.severity).toBe(sev);
  });
});

describe('statusFromFindings', () => {
  it('fails on an error finding only, and keeps skip and error', () => {
    expect(statusFromFindings(kase('pass', [finding('must', { severity: 'error' })]))).toBe('fail');
    expect(statusFromFindings(kase('pass', [finding('should', { severity: 'warning' })]))).toBe('pass');
    expect(statusFromFindings(kase('skip', [finding('must', { severity: 'error' })]))).toBe('skip');
    expect(statusFromFindings(kase('error'))).toBe('error');
  });
});

describe('computeTotals and exitCodeFor', () => {
  it('counts statuses and the severities of findings, leaving out those of expected failures', () => {
    const t = computeTotals([
      kase('pass', [finding('should', { severity: 'warning' })]),
      kase('fail', [finding('must', { severity: 'error' }), finding('info', { severity: 'info' })]),
      kase('xfail', [finding('must', { severity: 'error' })]),
      kase('xpass'),
      kase('skip'),
      kase('error'),
    ]);
    expect(t).toEqual({
      pass: 1,
      fail: 1,
      skip: 1,
      error: 1,
      xfail: 1,
      xpass: 1,
      findings: { error: 1, warning: 1, info: 1, suppressed: 0 },
    });
  });

  it.each([
    ['all pass', 0, [kase('pass')], undefined],
    ['an expected failure', 0, [kase('xfail')], undefined],
    ['a skip', 0, [kase('skip')], undefined],
    ['a failure', 1, [kase('pass'), kase('fail')], undefined],
    ['an expected failure that passed', 1, [kase('xpass')], undefined],
    ['an errored case', 3, [kase('fail'), kase('error')], undefined],
    ['a tool error', 3, [kase('pass')], ['boom']],
  ] as const)('%s: exit %i', (_, code, cases, errors) => {
    const totals = computeTotals([...cases]);
    expect(exitCodeFor({ totals, ...(errors ? { errors: [...errors] } : {}) })).toBe(code);
  });

  it('a finding is an error at the levels at or above it, so the exit code follows --level', () => {
    const should = finding('should');
    const codes = (['must', 'should', 'may'] as const).map((level) => {
      const findings = applySeverity([should], level);
      const c = statusFromFindings(kase('pass', findings));
      return exitCodeFor({ totals: computeTotals([kase(c, findings)]) });
    });
    expect(codes).toEqual([0, 1, 1]);
  });
});

describe('compareFindings', () => {
  it('puts findings new to the baseline first, then orders by file, line, column, rule, message', () => {
    const doc = (file: string, line: number, message = 'm', extra: Partial<Finding> = {}): Finding =>
      finding('must', {
        location: { kind: 'document', file, pointer: '', line, column: 1 },
        message,
        ...extra,
      });
    const list = [
      doc('b', 1),
      doc('a', 2),
      doc('a', 1, 'z'),
      doc('a', 1, 'y'),
      doc('c', 9, 'late but new', { baseline: 'new' }),
      doc('a', 1, 'known', { baseline: 'expected' }),
    ];
    expect(
      [...list].sort(compareFindings).map((f) => `${(f.location as { file: string }).file}:${f.message}`),
    ).toEqual(['c:late but new', 'a:known', 'a:y', 'a:z', 'a:m', 'b:m']);
  });
});
