// The gating part of the policy: --disable (suppression by rule or requirement id, globs) and
// --max-warnings (exit 1 above the warning budget), as pure functions.
import { describe, expect, it } from 'vitest';
import type { CaseResult, Finding } from './report.js';
import {
  applySeverity,
  applySuppression,
  computeTotals,
  exitCodeFor,
  statusAfterSuppression,
  statusFromFindings,
  suppressorFor,
} from './policy.js';

const loc = { kind: 'document' as const, file: 'config.json', pointer: '', line: 1, column: 1 };
const finding = (rule: string, level: Finding['level'], requirements: string[] = []): Finding => ({
  rule,
  requirements,
  level,
  location: loc,
  message: 'm',
});
const caseOf = (findings: Finding[], status: CaseResult['status'] = 'pass'): CaseResult => ({
  id: 'c',
  group: 'g',
  requirements: [],
  status,
  findings,
  durationMs: 0,
  evidence: {},
});

describe('suppressorFor', () => {
  it('is undefined without patterns', () => {
    expect(suppressorFor([])).toBeUndefined();
  });
  it('matches the rule id or any requirement id, exactly or by glob, with dots as plain characters', () => {
    const s = suppressorFor(['config.process.capabilities-relations', 'config.linux.*'])!;
    expect(s(finding('config.process.capabilities-relations', 'hazard'))).toBe(true);
    expect(s(finding('other', 'must', ['config.linux.devices.path']))).toBe(true);
    expect(s(finding('config.linuxx.a', 'must'))).toBe(false);
    expect(s(finding('config.process.capabilities', 'must'))).toBe(false);
    expect(suppressorFor(['config.*-uts'])!(finding('config.hostname-needs-uts', 'hazard'))).toBe(true);
  });
});

describe('suppression in totals, statuses and exit codes', () => {
  it('counts suppressed findings apart and never as errors or warnings', () => {
    const f = applySuppression(
      applySeverity([finding('a', 'must'), finding('b', 'hazard'), finding('c', 'hazard')], 'must'),
      suppressorFor(['a', 'b']),
    );
    const c = { ...caseOf(f), status: statusFromFindings(caseOf(f)) };
    expect(c.status).toBe('pass');
    expect(computeTotals([c]).findings).toEqual({ error: 0, warning: 1, info: 0, suppressed: 2 });
  });
  it('a runtime case that failed only on suppressed findings passes with the reason; others keep their status', () => {
    const all = applySuppression([finding('a', 'must')], suppressorFor(['a']));
    expect(statusAfterSuppression(caseOf(all, 'fail'))).toEqual({
      status: 'pass',
      reason: 'every finding (1) is disabled',
    });
    const some = applySuppression([finding('a', 'must'), finding('b', 'must')], suppressorFor(['a']));
    expect(statusAfterSuppression(caseOf(some, 'fail')).status).toBe('fail');
    expect(statusAfterSuppression(caseOf([], 'error')).status).toBe('error');
  });
  it('--max-warnings: exit 1 above the budget, 0 at it; errors and tool failures keep their codes', () => {
    const totals = computeTotals([
      caseOf(applySeverity([finding('a', 'hazard'), finding('b', 'hazard')], 'must')),
    ]);
    expect(exitCodeFor({ totals })).toBe(0);
    expect(exitCodeFor({ totals, maxWarnings: 2 })).toBe(0);
    expect(exitCodeFor({ totals, maxWarnings: 1 })).toBe(1);
    expect(exitCodeFor({ totals, maxWarnings: 0 })).toBe(1);
    expect(exitCodeFor({ totals, maxWarnings: 0, errors: ['tool broke'] })).toBe(3);
    const suppressed = computeTotals([
      caseOf(applySuppression(applySeverity([finding('a', 'hazard')], 'must'), suppressorFor(['a']))),
    ]);
    expect(exitCodeFor({ totals: suppressed, maxWarnings: 0 })).toBe(0);
  });
});
