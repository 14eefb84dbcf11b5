// Fuzzing the JSON reader: generated documents and mutations of real ones (configs, image documents)
// never make it throw, hang or hold unbounded memory; its value agrees with JSON.parse, and a
// position found by walking the text agrees with the one from the full offset index.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readJson } from './read.js';
import { LayoutBuilder, makeTar } from '../image/testing.js';
import { fuzzRuns, fuzzTimeout, guarded, mutated, regressions } from '../../test/fuzz/fuzz.js';
import { baseConfig } from '../../suites/config/test/base.js';

const target = 'json-read';

function seeds(): Buffer[] {
  const b = new LayoutBuilder();
  const { manifest, config } = b.image([makeTar([{ name: 'a', data: 'x' }])], { ref: 'v1' });
  const docs: unknown[] = [baseConfig(), b.index, manifest, config];
  const out = docs.flatMap((d) => [Buffer.from(JSON.stringify(d, null, 2)), Buffer.from(JSON.stringify(d))]);
  out.push(
    Buffer.from('{"a":1,"a":2,"b":[1e400,-0,12345678901234567890,0.5e-3],"c":"\\ud800\\u00e9 é"}'),
    Buffer.from('\ufeff{"x": [ {"y": null}, true, false ] }'),
    Buffer.from('[[[[[[[[[[{"k":"v"}]]]]]]]]]]'),
  );
  return out;
}

function pointersOf(v: unknown, base = '', out: string[] = [], depth = 0): string[] {
  out.push(base);
  if (depth > 64 || out.length > 2000) return out;
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  if (Array.isArray(v)) v.forEach((x, i) => pointersOf(x, `${base}/${i}`, out, depth + 1));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) pointersOf(x, `${base}/${esc(k)}`, out, depth + 1);
  return out;
}

function check(bytes: Buffer): void {
  const seek = readJson(bytes, 'f.json');
  const index = readJson(bytes, 'f.json', { positions: 'index' });
  expect(index.problems.map((p) => p.code)).toEqual(seek.problems.map((p) => p.code));
  const fatal = seek.problems.some((p) => p.fatal);
  let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
  try {
    parsed = { ok: true, value: JSON.parse(seek.text) };
  } catch {
    // not JSON for the native parser either
  }
  const clean = !seek.problems.some((p) => p.code === 'json.utf8' || p.code === 'json.bom');
  if (!fatal) expect(parsed.ok && seek.value).toEqual(parsed.ok ? parsed.value : undefined);
  if (parsed.ok && clean) expect(fatal).toBe(false);
  if (fatal) return;
  const same = (a: { offset: number; line: number; column: number }, b: typeof a) =>
    a.offset === b.offset && a.line === b.line && a.column === b.column;
  for (const p of pointersOf(seek.value)) {
    const a = seek.locate(p);
    const b = index.locate(p);
    if (!same(a, b))
      throw new Error(
        `locate(${p}): the text walk says ${JSON.stringify(a)}, the index ${JSON.stringify(b)}`,
      );
    if (a.offset < 0 || a.offset > seek.text.length)
      throw new Error(`locate(${p}): offset ${a.offset} is outside the text`);
    const ka = seek.locateKey(p);
    const kb = index.locateKey(p);
    if (!same(ka, kb))
      throw new Error(
        `locateKey(${p}): the text walk says ${JSON.stringify(ka)}, the index ${JSON.stringify(kb)}`,
      );
    seek.rawNumber(p);
    seek.locate(`${p}/not-there`);
  }
  seek.bigIntegers();
  seek.nonIntegerNumbers?.();
}

describe('fuzz: JSON reader', () => {
  // the target's runs are shared by its two properties
  const runs = Math.ceil(fuzzRuns(1500) / 2);
  const prop = guarded(target, check);

  it('replays every input that failed before', () => {
    for (const r of regressions(target)) prop(r.bytes);
  });

  it(
    'mutated real documents',
    () => {
      fc.assert(fc.property(mutated(seeds()), prop), { numRuns: runs });
    },
    fuzzTimeout(runs, 2),
  );

  it(
    'generated documents, reformatted and mutated',
    () => {
      const text = fc
        .tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 0, 1, 2, '\t'))
        .map(([v, sp]) => Buffer.from(JSON.stringify(v, null, sp) ?? 'null'));
      const arb = fc.oneof(
        text,
        text.chain((b) => mutated([b], 3)),
        fc.uint8Array({ maxLength: 256 }).map((u) => Buffer.from(u)),
      );
      fc.assert(fc.property(arb, prop), { numRuns: runs });
    },
    fuzzTimeout(runs, 2),
  );
});
