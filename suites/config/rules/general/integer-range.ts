// Integers beyond 2^53: the parsed value is a rounded double, so uint64/int64 bounds are checked on
// the source text (the schema's bounds are only approximate for these).
import { defineRule } from '../../../../harness/config/rule.js';
import { definesPointer } from '../../../../schemas/index.js';
import { INT64_FIELDS, matchesAny, UINT64_FIELDS } from '../../integer-fields.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export default defineRule({
  id: 'config.integers.exact-range',
  title: 'int64 and uint64 fields hold values in range (checked on the exact source text)',
  kinds: ['config'],
  requirements: ['config.valid-values.error'],
  check(ctx) {
    const bigs = ctx.doc.bigIntegers();
    for (let i = 0; i < bigs.length; i++) {
      const p = bigs[i]!;
      const raw = ctx.doc.rawNumber(p);
      if (raw === undefined || !/^-?\d+$/.test(raw)) continue;
      const n = BigInt(raw);
      let type: 'int64' | 'uint64' | undefined;
      if (matchesAny(INT64_FIELDS, p)) type = 'int64';
      else if (matchesAny(UINT64_FIELDS, p)) type = 'uint64';
      // SPEC: numbers in properties the spec does not define are extensions and MUST be ignored;
      // 32-bit fields are checked exactly by the schema (a value past 2^53 is past 2^32 too).
      if (type === undefined || !definesPointer('config', ctx.specVersion, p)) continue;
      const [lo, hi] = type === 'int64' ? [INT64_MIN, INT64_MAX] : [0n, UINT64_MAX];
      if (n >= lo && n <= hi) continue;
      ctx.report({
        pointer: p,
        message: `expected ${type} in [${lo}, ${hi}], found ${raw}`,
        expected: `${lo}..${hi}`,
        actual: raw,
      });
    }
  },
});
