// Unit tests of the coverage computation on a fixture registry and case list.
import { describe, expect, it } from 'vitest';
import type { CaseResult, Requirement } from '../../model/report.js';
import { computeCoverage, type CoverageCase } from './coverage.js';

const req = (
  id: string,
  doc: string,
  level: Requirement['level'],
  test: string,
  extra: Partial<Requirement> = {},
): Requirement & { test: string } => ({
  id,
  spec: 'runtime',
  since: '1.0.0',
  doc,
  anchor: 'x',
  level,
  text: id,
  test,
  ...extra,
});

const requirements = [
  req('b.must-covered', 'b.md', 'MUST', 'cli'),
  req('b.must-uncovered', 'b.md', 'REQUIRED', 'inside'),
  req('b.should-covered', 'b.md', 'SHOULD', 'inside'),
  req('a.static', 'a.md', 'MUST', 'config'),
  req('a.new', 'a.md', 'MUST', 'inside', { since: '1.2.0' }),
  req('a.old', 'a.md', 'MAY', 'cli', { until: '1.1.0' }),
];

const cases: CoverageCase[] = [
  { id: 'x.two', requirements: ['b.must-covered', 'b.should-covered', 'b.must-covered'] },
  { id: 'x.one', requirements: ['b.must-covered', 'a.static'] },
  { id: 'x.new', requirements: ['a.new'], since: '1.2.0' },
  { id: 'x.old', requirements: ['a.old'], until: '1.1.0' },
];

const result = (id: string, status: CaseResult['status']): CaseResult => ({
  id,
  group: 'x',
  requirements: [],
  status,
  findings: [],
  durationMs: 0,
  evidence: {},
});

describe('computeCoverage', () => {
  it('lists every live requirement of the version, covered or not, sorted by document then id', () => {
    const c = computeCoverage({ requirements, cases, specVersion: '1.3.0' });
    expect(c.kinds).toEqual(['cli', 'inside']);
    expect(c.requirements.map((r) => [r.id, r.cases])).toEqual([
      ['a.new', ['x.new']],
      ['b.must-covered', ['x.one', 'x.two']],
      ['b.must-uncovered', []],
      ['b.should-covered', ['x.two']],
    ]);
    expect(c.requirements[0]!.link).toBe('https://github.com/opencontainers/runtime-spec/blob/v1.3.0/a.md#x');
    expect(c.requirements.every((r) => r.status === undefined)).toBe(true);
  });

  it('totals per document and overall, all levels and MUST-level apart', () => {
    const c = computeCoverage({ requirements, cases, specVersion: '1.3.0' });
    expect(c.totals).toEqual([
      { doc: 'a.md', all: { covered: 1, total: 1 }, must: { covered: 1, total: 1 } },
      { doc: 'b.md', all: { covered: 2, total: 3 }, must: { covered: 1, total: 2 } },
      { doc: 'all', all: { covered: 3, total: 4 }, must: { covered: 2, total: 3 } },
    ]);
  });

  it('follows the spec version for requirements and cases', () => {
    const c = computeCoverage({ requirements, cases, specVersion: '1.0.2' });
    expect(c.requirements.map((r) => [r.id, r.cases])).toEqual([
      ['a.old', ['x.old']],
      ['b.must-covered', ['x.one', 'x.two']],
      ['b.must-uncovered', []],
      ['b.should-covered', ['x.two']],
    ]);
    // A case that does not apply to the version covers nothing, even if its requirement does apply.
    const late = computeCoverage({
      requirements,
      cases: [{ id: 'x.late', requirements: ['b.must-uncovered'], since: '1.3.0' }],
      specVersion: '1.2.0',
    });
    expect(late.requirements.find((r) => r.id === 'b.must-uncovered')!.cases).toEqual([]);
  });

  it('sets the status of each requirement from the run results', () => {
    const c = computeCoverage({
      requirements,
      cases,
      specVersion: '1.3.0',
      results: [result('x.one', 'pass'), result('x.two', 'xfail'), result('x.new', 'skip')],
    });
    expect(Object.fromEntries(c.requirements.map((r) => [r.id, r.status]))).toEqual({
      'a.new': 'skip',
      'b.must-covered': 'fail',
      'b.must-uncovered': 'untested',
      'b.should-covered': 'fail',
    });
    const passed = computeCoverage({
      requirements,
      cases,
      specVersion: '1.3.0',
      results: [result('x.one', 'pass')],
    });
    // x.two did not run (filtered out): its other requirement is untested though covered.
    expect(passed.requirements.find((r) => r.id === 'b.must-covered')!.status).toBe('pass');
    expect(passed.requirements.find((r) => r.id === 'b.should-covered')!.status).toBe('untested');
  });

  it('counts other kinds when asked', () => {
    const c = computeCoverage({ requirements, cases, specVersion: '1.3.0', kinds: ['config'] });
    expect(c.requirements.map((r) => r.id)).toEqual(['a.static']);
    expect(c.totals.at(-1)).toEqual({
      doc: 'all',
      all: { covered: 1, total: 1 },
      must: { covered: 1, total: 1 },
    });
  });
});
