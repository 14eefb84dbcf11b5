import { describe, expect, it } from 'vitest';
import type { CaseResult, Finding } from '../../model/report.js';
import {
  applyBaseline,
  BaselineError,
  baselineFromResults,
  baselineText,
  baselineWarning,
  matchesFilter,
  parseBaseline,
  todoReason,
  unknownBaselineIds,
} from './expect.js';

function result(id: string, status: CaseResult['status']): CaseResult {
  return { id, group: 'lifecycle', requirements: [], status, findings: [], durationMs: 1, evidence: {} };
}

function finding(requirements: string[], check: string, message = `${check} went wrong`): Finding {
  return {
    rule: 'c',
    check,
    requirements,
    level: 'must',
    location: { kind: 'observation', field: check },
    message,
  };
}

function failing(id: string, findings: Finding[]): CaseResult {
  return { ...result(id, 'fail'), findings };
}

describe('baseline entries limited to cgroup modes', () => {
  const b = parseBaseline(
    {
      format: 2,
      expectedFailures: [
        {
          id: 'blkio',
          reason: 'v1 has no blkio.weight',
          cgroupModes: ['v1', 'hybrid'],
          findings: [{ requirement: 'r.w', check: 'weight' }],
        },
      ],
    },
    'b.json',
  );
  const fails = failing('blkio', [finding(['r.w'], 'weight')]);

  it('apply on the listed modes only: elsewhere a pass is a pass and a failure is new', () => {
    expect(applyBaseline([fails], b, { cgroupMode: 'hybrid' })[0]!.status).toBe('xfail');
    expect(applyBaseline([result('blkio', 'pass')], b, { cgroupMode: 'v1' })[0]!.status).toBe('xpass');
    expect(applyBaseline([result('blkio', 'pass')], b, { cgroupMode: 'v2' })[0]!.status).toBe('pass');
    expect(applyBaseline([fails], b, { cgroupMode: 'v2' })[0]!.status).toBe('fail');
    expect(applyBaseline([fails], b)[0]!.status).toBe('fail'); // a host of no known mode
  });

  it('are rejected with what was expected when the modes are not v1, v2 or hybrid', () => {
    const bad = (cgroupModes: unknown) => () =>
      parseBaseline(
        {
          format: 2,
          expectedFailures: [
            { id: 'x', reason: 'r', cgroupModes, findings: [{ requirement: 'a', check: 'b' }] },
          ],
        },
        'b.json',
      );
    expect(bad(['v3'])).toThrow(
      /expected "cgroupModes" to be a non-empty array of v1, v2, hybrid but found \["v3"\]/,
    );
    expect(bad([])).toThrow(BaselineError);
    expect(bad('v1')).toThrow(BaselineError);
  });

  it('--write-baseline keeps an entry of another mode, and adds the mode where the case fails too', () => {
    const src = { profile: 'spec' as const, specVersion: '1.3.0', previous: b };
    const onV2 = baselineFromResults([result('blkio', 'pass')], { ...src, host: { cgroupMode: 'v2' } });
    expect(onV2.expectedFailures).toEqual([b.expectedFailures[0]]);
    const failsOnV2 = baselineFromResults([fails], { ...src, host: { cgroupMode: 'v2' } });
    expect(failsOnV2.expectedFailures[0]!.cgroupModes).toEqual(['v1', 'hybrid', 'v2']);
    const passesOnV1 = baselineFromResults([result('blkio', 'pass')], { ...src, host: { cgroupMode: 'v1' } });
    expect(passesOnV1.expectedFailures).toEqual([]);
    expect(baselineText(onV2)).toContain('"cgroupModes"');
  });
});

describe('baseline by finding (format 2)', () => {
  const b = parseBaseline(
    {
      format: 2,
      expectedFailures: [
        {
          id: 'hooks.order',
          reason: 'poststart runs during create',
          findings: [{ requirement: 'runtime.lifecycle.poststart-invoked', check: 'hooks.poststart.time' }],
        },
        {
          id: 'two',
          reason: 'two known findings',
          findings: [
            { requirement: 'r.a', check: 'a' },
            { requirement: 'r.b', check: 'b' },
          ],
        },
      ],
    },
    'b.json',
  );
  const poststartLate = finding(['runtime.lifecycle.poststart-invoked'], 'hooks.poststart.time');
  const poststopGone = finding(['runtime.lifecycle.poststop-invoked'], 'hooks.poststop');

  it('is xfail when every finding is listed', () => {
    const [r] = applyBaseline([failing('hooks.order', [poststartLate])], b);
    expect(r!.status).toBe('xfail');
    expect(r!.findings.map((f) => f.baseline)).toEqual(['expected']);
  });

  it('is a new failure, new findings first, when a finding is not listed', () => {
    const [r] = applyBaseline([failing('hooks.order', [poststartLate, poststopGone])], b);
    expect(r!.status).toBe('fail');
    expect(r!.reason).toMatch(/^new failure: 1 finding\(s\) the baseline does not list/);
    expect(r!.findings.map((f) => [f.check, f.baseline])).toEqual([
      ['hooks.poststop', 'new'],
      ['hooks.poststart.time', 'expected'],
    ]);
  });

  it('needs both the requirement and the check to match', () => {
    const sameCheckOtherReq = finding(['runtime.state.bundle'], 'hooks.poststart.time');
    const sameReqOtherCheck = finding(['runtime.lifecycle.poststart-invoked'], 'hooks.poststart.args');
    for (const f of [sameCheckOtherReq, sameReqOtherCheck])
      expect(applyBaseline([failing('hooks.order', [f])], b)[0]!.status).toBe('fail');
    // one of a finding's requirements is enough
    const both = finding(['x.other', 'runtime.lifecycle.poststart-invoked'], 'hooks.poststart.time');
    expect(applyBaseline([failing('hooks.order', [both])], b)[0]!.status).toBe('xfail');
  });

  it('notes listed findings that no longer appear, and is xpass when none appears', () => {
    const [r] = applyBaseline([failing('two', [finding(['r.a'], 'a')])], b);
    expect(r!.status).toBe('xfail');
    expect(r!.evidence.notes).toContain(
      'baseline: listed finding(s) no longer seen: r.b / "b" (the baseline can be tightened)',
    );
    expect(applyBaseline([result('two', 'pass')], b)[0]!.status).toBe('xpass');
  });

  it('takes an intermittent finding as expected when it appears and says nothing when it does not', () => {
    const racy = parseBaseline(
      {
        format: 2,
        expectedFailures: [
          {
            id: 'hooks.order',
            reason: 'poststart races startContainer',
            findings: [
              { requirement: 'r.a', check: 'a' },
              { requirement: 'r.b', check: 'b', intermittent: true },
            ],
          },
        ],
      },
      'racy.json',
    );
    const both = applyBaseline(
      [failing('hooks.order', [finding(['r.a'], 'a'), finding(['r.b'], 'b')])],
      racy,
    );
    expect(both[0]!.status).toBe('xfail');
    const one = applyBaseline([failing('hooks.order', [finding(['r.a'], 'a')])], racy)[0]!;
    expect(one.status).toBe('xfail');
    expect(one.evidence.notes!.some((n) => n.includes('no longer seen'))).toBe(false);
    // a steady finding gone is still noted
    const other = applyBaseline([failing('hooks.order', [finding(['r.b'], 'b')])], racy)[0]!;
    expect(other.evidence.notes).toContain(
      'baseline: listed finding(s) no longer seen: r.a / "a" (the baseline can be tightened)',
    );
    // the mark survives --write-baseline, also from a run where the finding did not appear
    const rewritten = baselineFromResults([failing('hooks.order', [finding(['r.a'], 'a')])], {
      profile: 'spec',
      specVersion: '1.3.0',
      previous: racy,
    });
    expect(rewritten.expectedFailures[0]!.findings).toEqual([
      { requirement: 'r.a', check: 'a' },
      { requirement: 'r.b', check: 'b', intermittent: true },
    ]);
    expect(parseBaseline(JSON.parse(baselineText(rewritten)), 'again.json')).toEqual(rewritten);
    expect(() =>
      parseBaseline(
        {
          format: 2,
          expectedFailures: [
            { id: 'x', reason: 'r', findings: [{ requirement: 'a', check: 'a', intermittent: 'yes' }] },
          ],
        },
        'f',
      ),
    ).toThrow(/"intermittent" to be true or false but found "yes"/);
  });

  it('rejects entries without findings, and unknown formats', () => {
    expect(() => parseBaseline({ format: 2, expectedFailures: [{ id: 'x', reason: 'r' }] }, 'f')).toThrow(
      /expected a non-empty array "findings"/,
    );
    expect(() =>
      parseBaseline(
        { format: 2, expectedFailures: [{ id: 'x', reason: 'r', findings: [{ requirement: 'a' }] }] },
        'f',
      ),
    ).toThrow(
      /expectedFailures\[0\]\.findings\[0\] \(x\): expected \{ "requirement": string, "check": string \}/,
    );
    expect(() => parseBaseline({ format: 3, expectedFailures: [] }, 'f')).toThrow(/"format" to be 2/);
    expect(baselineWarning(b, 'b.json')).toBeUndefined();
  });

  it('is written from a run, keeping the previous reasons and spec sentences', () => {
    const previous = parseBaseline(
      {
        $comment: 'kept',
        expectedFailures: [{ id: 'hooks.order', reason: 'old reason', spec: 'config.md: "MUST"' }],
      },
      'old.json',
    );
    const out = baselineFromResults(
      [
        failing('hooks.order', [poststartLate, poststartLate]),
        failing('new.case', [finding(['runtime.state.bundle', 'runtime.state.id'], 'state.bundle')]),
        result('passes', 'pass'),
        result('errs', 'error'),
      ],
      { runtime: 'runc 1.1.5', profile: 'spec', specVersion: '1.3.0', previous },
    );
    expect(out.expectedFailures.map((e) => [e.id, e.reason, e.spec])).toEqual([
      ['hooks.order', 'old reason', 'config.md: "MUST"'],
      ['new.case', todoReason, undefined],
    ]);
    expect(out.expectedFailures[0]!.findings!.map((f) => [f.requirement, f.check])).toEqual([
      ['runtime.lifecycle.poststart-invoked', 'hooks.poststart.time'],
    ]);
    expect(out.expectedFailures[1]!.findings!.map((f) => f.requirement)).toEqual([
      'runtime.state.bundle',
      'runtime.state.id',
    ]);
    expect(out.expectedFailures[1]!.findings![0]!.spec).toMatch(/^runtime\.md#state \(REQUIRED\): /);
    // the text reads back as the same baseline, and the run it came from is all xfail against it
    const text = baselineText(out);
    expect(JSON.parse(text)).toMatchObject({ $comment: 'kept', format: 2, runtime: 'runc 1.1.5' });
    const again = parseBaseline(JSON.parse(text), 'new.json');
    expect(again).toEqual(out);
    expect(
      applyBaseline(
        [
          failing('hooks.order', [poststartLate]),
          failing('new.case', [finding(['runtime.state.id'], 'state.bundle')]),
        ],
        again,
      ).map((r) => r.status),
    ).toEqual(['xfail', 'xfail']);
  });
});

describe('baseline of the old format (no "format")', () => {
  const old = parseBaseline(
    {
      expectedFailures: [
        { id: 'by-req', reason: 'r', requirements: ['r.a'] },
        { id: 'any', reason: 'r' },
      ],
    },
    'old.json',
  );
  it('expects any finding against a listed requirement, or any finding when none is listed', () => {
    expect(old.format).toBe(1);
    expect(baselineWarning(old, 'old.json')).toMatch(
      /regenerate it with oci-conform run --write-baseline old\.json/,
    );
    const out = applyBaseline(
      [
        failing('by-req', [finding(['r.a'], 'x')]),
        failing('by-req', [finding(['r.a'], 'x'), finding(['r.c'], 'y')]),
        failing('any', [finding(['r.z'], 'z')]),
      ],
      old,
    );
    expect(out.map((r) => r.status)).toEqual(['xfail', 'fail', 'xfail']);
  });
});

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
