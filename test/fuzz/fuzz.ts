// Fuzzing helpers on fast-check: run counts (FUZZ_RUNS), byte mutators over real fixtures (flips,
// truncation, splicing, insertion), a memory bound, and regression fixtures kept and replayed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

/** Where inputs that ever failed are kept, one directory per target. */
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fuzz');

/**
 * Runs per target: FUZZ_RUNS when set (`npm run fuzz` sets 100000), otherwise `fallback` (the few
 * thousand `npm test` runs, chosen per target so the fuzz tests stay well under a minute in all).
 */
export function fuzzRuns(fallback: number): number {
  const v = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/**
 * A vitest timeout for `runs` runs at about `msPerRun` each, with slack for a loaded machine; none
 * worth the name under `npm run fuzz` (a hang is caught per input by {@link hangBound}).
 */
export function fuzzTimeout(runs: number, msPerRun: number): number {
  if (process.env.FUZZ_RUNS) return 24 * 3600_000;
  return 60_000 + Math.ceil(runs * msPerRun * 4);
}

/** Most resident memory a target may add while it runs (a hostile size field must not allocate it). */
export const memoryBound = 512 << 20;

/** One byte-level edit, positions as fractions of the input length so shrinking stays meaningful. */
type Mutation =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'splice'; at: number; other: number; from: number }
  | { op: 'repeat'; at: number; len: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const interesting = fc.constantFrom(
  0,
  0x20,
  0x22,
  0x2c,
  0x2f,
  0x30,
  0x37,
  0x5b,
  0x5c,
  0x7b,
  0x7f,
  0x80,
  0xff,
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('flip' as const),
      at: fraction,
      mask: fc.integer({ min: 1, max: 255 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      at: fraction,
      value: fc.oneof(interesting, fc.integer({ min: 0, max: 255 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fraction }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fraction,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('splice' as const),
      at: fraction,
      other: fc.nat(),
      from: fraction,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('repeat' as const),
      at: fraction,
      len: fc.integer({ min: 1, max: 600 }),
    }),
  },
);

function apply(seed: Buffer, seeds: readonly Buffer[], ms: Mutation[]): Buffer {
  let b = seed;
  for (const m of ms) {
    const at = Math.floor(m.at * (b.length + 1));
    switch (m.op) {
      case 'flip':
      case 'set':
        if (b.length === 0) break;
        b = Buffer.from(b);
        b[Math.min(at, b.length - 1)] = m.op === 'flip' ? b[Math.min(at, b.length - 1)]! ^ m.mask : m.value;
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case 'splice': {
        const o = seeds[m.other % seeds.length]!;
        b = Buffer.concat([b.subarray(0, at), o.subarray(Math.floor(m.from * o.length))]);
        break;
      }
      case 'repeat':
        b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at)]);
        break;
    }
  }
  return b;
}

/** Inputs made from `seeds` by one to four mutations (and, now and then, a seed untouched). */
export function mutated(seeds: readonly Buffer[], maxMutations = 4): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 0, maxLength: maxMutations }))
    .map(([i, ms]) => apply(seeds[i]!, seeds, ms));
}

/** Inputs that failed before for `target`, to replay first. */
export function regressions(target: string): { name: string; bytes: Buffer }[] {
  const dir = join(fixturesDir, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** Keep `bytes` as a regression fixture of `target` (named by content); returns the file. */
export function keep(target: string, bytes: Buffer): string {
  const dir = join(fixturesDir, target);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.bin`);
  writeFileSync(file, bytes);
  return file;
}

/** Longest one input may take before it counts as a hang (loose: the machine is shared). */
export const hangBound = 10_000;

/** Resident memory now, for the bound. */
export function rss(): number {
  return process.memoryUsage.rss();
}

/** After one input: keeps it and throws when it took longer than {@link hangBound} or grew memory too much. */
function withinBounds(target: string, b: Buffer, t0: number, base: number): void {
  const took = performance.now() - t0;
  if (took > hangBound) {
    keep(target, b);
    throw new Error(`expected one input to take at most ${hangBound} ms but it took ${Math.round(took)}`);
  }
  const grown = rss() - base;
  if (grown > memoryBound) {
    keep(target, b);
    throw new Error(`expected at most ${memoryBound} bytes more resident memory but found ${grown}`);
  }
}

/**
 * A property over bytes: `check` must not throw nor take longer than {@link hangBound}; a failing input is kept under `target` before the
 * error goes on to fast-check (which shrinks it; the shrunk input is kept too). The memory the
 * target holds is sampled after every run and must stay within {@link memoryBound}.
 */
export function guarded(target: string, check: (b: Buffer) => void): (b: Buffer) => void {
  const base = rss();
  return (b) => {
    const t0 = performance.now();
    try {
      check(b);
    } catch (e) {
      keep(target, b);
      throw e;
    }
    withinBounds(target, b, t0, base);
  };
}

/** The async form of {@link guarded}. */
export function guardedAsync(
  target: string,
  check: (b: Buffer) => Promise<void>,
): (b: Buffer) => Promise<void> {
  const base = rss();
  return async (b) => {
    const t0 = performance.now();
    try {
      await check(b);
    } catch (e) {
      keep(target, b);
      throw e;
    }
    withinBounds(target, b, t0, base);
  };
}
