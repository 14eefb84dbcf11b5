// Rules never locate anything when nothing is wrong (positions are only paid for by findings).
// Their speed is measured by bench/validate.bench.ts, never asserted here.
import { describe, expect, it } from 'vitest';
import { applySuiteRules as applyRules } from '../testing.js';
import { docFromValue } from '../testing.js';
import type { JsonDocument } from '../../../harness/json/types.js';
import { baseConfig } from './base.js';

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
});
