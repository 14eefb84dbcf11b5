import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../model/report.js';
import { applyBaseline, BaselineError, matchesFilter, parseBaseline, unknownBaselineIds } from './expect.js';

function result(id: string, status: CaseResult['status']): CaseResult {
  return { id, group: 'lifecycle', requirements: [], status, findings: [], durationMs: 1, evidence: {} };
}

describe('baseline', () => {
  const baseline = parseBaseline(
    {
      runtime: 'x 1.0',
      profile: 'spec',
      expectedFailures: [
        { id: 'a.fails', reason: 'known', spec: 'runtime.md: MUST' },
        { id: 'a.passes', reason: 'fixed upstream' },
        { id: 'a.skips', reason: 'whatever' },
      ],
    },
    'b.json',
  );

  it('turns listed failures into xfail and listed passes into xpass; leaves others', () => {
    const out = applyBaseline(
      [
        result('a.fails', 'fail'),
        result('a.passes', 'pass'),
        result('a.skips', 'skip'),
        result('b.fails', 'fail'),
      ],
      baseline,
    );
    expect(out.map((r) => r.status)).toEqual(['xfail', 'xpass', 'skip', 'fail']);
    expect(out[0]!.evidence.notes).toEqual(['baseline: known', 'spec: runtime.md: MUST']);
    expect(out[1]!.reason).toMatch(/passed/);
  });

  it('rejects malformed baselines', () => {
    expect(() => parseBaseline([], 'f')).toThrow(BaselineError);
    expect(() => parseBaseline({}, 'f')).toThrow(/expectedFailures/);
    expect(() => parseBaseline({ expectedFailures: [{ id: 'x' }] }, 'f')).toThrow(/reason/);
    expect(() =>
      parseBaseline(
        {
          expectedFailures: [
            { id: 'x', reason: 'r' },
            { id: 'x', reason: 'r' },
          ],
        },
        'f',
      ),
    ).toThrow(/twice/);
    expect(() => parseBaseline({ profile: 'odd', expectedFailures: [] }, 'f')).toThrow(/profile/);
  });

  it('finds ids that name no case', () => {
    expect(unknownBaselineIds(baseline, ['a.fails', 'a.passes'])).toEqual(['a.skips']);
  });
});

describe('filters', () => {
  it('match ids and groups by glob, and id prefixes', () => {
    expect(matchesFilter('lifecycle.kill.running-by-name', 'lifecycle', 'lifecycle')).toBe(true);
    expect(matchesFilter('lifecycle.kill.running-by-name', 'lifecycle', 'lifecycle.kill.*')).toBe(true);
    expect(matchesFilter('lifecycle.kill.running-by-name', 'lifecycle', 'lifecycle.kill')).toBe(true);
    expect(matchesFilter('lifecycle.kill.running-by-name', 'lifecycle', '*by-?ame')).toBe(true);
    expect(matchesFilter('lifecycle.kill.running-by-name', 'lifecycle', 'lifecycle.delete.*')).toBe(false);
    expect(matchesFilter('lifecycle.killer', 'lifecycle', 'lifecycle.kill')).toBe(false);
    expect(matchesFilter('a.b+c', 'g', 'a.b+c')).toBe(true);
  });
});
