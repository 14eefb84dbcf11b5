// Speed guard: rules over a clean runc-spec-sized config cost less than JSON.parse of the same text
// (a same-run ratio, stable on a loaded machine), and never locate anything when nothing is wrong.
import { describe, expect, it } from 'vitest';
import { applyRules } from '../run.js';
import { docFromValue } from '../testing.js';
import type { JsonDocument } from '../../../harness/json/types.js';
import { baseConfig } from './base.js';

function timePerCall(f: () => void, n: number): number {
  for (let i = 0; i < n / 10; i++) f();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / n;
}

describe('rule speed', () => {
  it('does not locate when nothing is wrong', () => {
    const inner = docFromValue(baseConfig());
    let located = 0;
    const doc: JsonDocument = {
      file: inner.file,
      text: inner.text,
      value: inner.value,
      problems: inner.problems,
      locate: (p) => (located++, inner.locate(p)),
      locateKey: (p) => (located++, inner.locateKey(p)),
      rawNumber: (p) => inner.rawNumber(p),
      bigIntegers: () => inner.bigIntegers(),
    };
    const res = applyRules({ doc, kind: 'config', specVersion: '1.3.0' });
    expect(res.flatMap((r) => r.findings)).toEqual([]);
    expect(located).toBe(0);
  });

  it('costs less than JSON.parse of the same document', () => {
    const value = baseConfig();
    const doc = docFromValue(value);
    const text = JSON.stringify(value);
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const parse = timePerCall(() => JSON.parse(text), 5000);
      const rules = timePerCall(() => applyRules({ doc, kind: 'config', specVersion: '1.3.0' }), 5000);
      best = Math.min(best, rules / parse);
    }
    expect(best).toBeLessThan(2);
  });
});
