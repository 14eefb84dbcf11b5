// Integers beyond 2^53: the parsed value is a rounded double, so uint64/int64 bounds are checked on
// the source text (the schema's bounds are only approximate for these).
import { defineRule } from '../../rule.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// SPEC: the field types come from the spec's field lists (int64 for memory limits, cpu quota/burst,
// realtimeRuntime, pids.limit; uint64 for rlimits, shares, periods, hugepage limits and rates).
const INT64_FIELDS = [
  /^\/linux\/resources\/memory\/(limit|reservation|swap|kernel|kernelTCP)$/,
  /^\/linux\/resources\/cpu\/(quota|realtimeRuntime|idle)$/,
  /^\/linux\/timeOffsets\/[^/]+\/secs$/,
  /^\/linux\/resources\/pids\/limit$/,
];
const UINT64_FIELDS = [
  /^\/process\/rlimits\/\d+\/(soft|hard)$/,
  /^\/linux\/resources\/cpu\/(shares|period|realtimePeriod|burst)$/,
  /^\/linux\/resources\/memory\/swappiness$/,
  /^\/linux\/resources\/hugepageLimits\/\d+\/limit$/,
  /^\/linux\/resources\/blockIO\/throttle\w+Device\/\d+\/rate$/,
  /^\/linux\/seccomp\/syscalls\/\d+\/args\/\d+\/(value|valueTwo)$/,
  /^\/process\/scheduler\/(runtime|deadline|period)$/,
];

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
      if (INT64_FIELDS.some((r) => r.test(p))) type = 'int64';
      else if (UINT64_FIELDS.some((r) => r.test(p))) type = 'uint64';
      // SPEC: numbers in properties the spec does not define are extensions and MUST be ignored;
      // 32-bit fields are checked exactly by the schema (a value past 2^53 is past 2^32 too).
      if (type === undefined) continue;
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
