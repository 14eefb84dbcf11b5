// The JSON reader on 10,000 runc-spec-sized configs against bare `JSON.parse` of the same bytes
// (decode included in both), plus the positional alternatives we measured before choosing.

import { parse as momoaParse } from '@humanwhocodes/momoa';
import { parseTree } from 'jsonc-parser';
import { readJson } from '../harness/json/read.js';
import { runcSpecConfig } from './fixtures.js';
import type { BenchResult } from './types.js';

const N = 10_000;
const ROUNDS = 7;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * Wall times (ms) of each labelled loop per round, rounds interleaved so that load from other
 * processes hits subject and baseline alike.
 */
function measure(loops: Record<string, () => number>): Record<string, number[]> {
  const times: Record<string, number[]> = {};
  let sink = 0;
  for (const fn of Object.values(loops)) sink += fn(); // warm-up (JIT)
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, fn] of Object.entries(loops)) {
      const t = process.hrtime.bigint();
      sink += fn();
      (times[label] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  if (sink === 0) throw new Error('benchmark loops did no work');
  return times;
}

export async function run(): Promise<BenchResult[]> {
  const inputs = Array.from({ length: N }, (_, i) =>
    Buffer.from(JSON.stringify(runcSpecConfig(i), null, '\t')),
  );
  const bytes = inputs.reduce((n, b) => n + b.length, 0) / N;
  const few = inputs.slice(0, N / 10);
  const rounds = measure({
    parse: () => {
      let n = 0;
      for (const b of inputs) n += (JSON.parse(b.toString('utf8')) as { hostname: string }).hostname.length;
      return n;
    },
    read: () => {
      let n = 0;
      for (const b of inputs) {
        const d = readJson(b, 'config.json');
        if (d.problems.length > 0) throw new Error(`unexpected problem: ${d.problems[0]!.message}`);
        n += (d.value as { hostname: string }).hostname.length;
      }
      return n;
    },
    // When findings need positions: three pointer walks, or the full offset index.
    readSeek3: () => {
      let n = 0;
      for (const b of few) {
        const d = readJson(b, 'config.json');
        n += d.locate('/process/capabilities/ambient/2').line + d.locateKey('/linux/maskedPaths/9').line;
        n += d.locate('/annotations/org.opencontainers.image.ref.name').column;
      }
      return n;
    },
    readIndex: () => {
      let n = 0;
      for (const b of few)
        n += readJson(b, 'config.json', { positions: 'index' }).locate('/linux/maskedPaths/9').line;
      return n;
    },
    // The alternatives we measured before choosing (each gives offsets, neither detects duplicates
    // on its own, both recurse per nesting level).
    jsoncParser: () => {
      let n = 0;
      for (const b of few) n += parseTree(b.toString('utf8'), [], { disallowComments: true })!.length;
      return n;
    },
    momoa: () => {
      let n = 0;
      for (const b of few) n += momoaParse(b.toString('utf8'), { mode: 'json', ranges: true }).loc.end.offset;
      return n;
    },
  });
  const ms: Record<string, number> = {};
  for (const [label, ts] of Object.entries(rounds)) ms[label] = median(ts);
  // The ratio is the median of per-round ratios: robust when the machine's load changes over time.
  const ratio = median(rounds.read!.map((t, r) => t / rounds.parse![r]!));
  const perConfigUs = (ms.read! * 1000) / N;
  const perTenth = (label: string) => (ms[label]! * 1000) / (N / 10);
  return [
    {
      name: 'json.read',
      description: `readJson on ${N} runc-spec-like configs (${Math.round(bytes)} bytes avg) vs JSON.parse of the same bytes, decode included in both`,
      ratio,
      subject: { label: 'readJson', value: ms.read!, unit: 'ms' },
      baseline: { label: 'JSON.parse(toString)', value: ms.parse!, unit: 'ms' },
      target: { text: 'readJson < 15 µs per 2.5 KB config', met: perConfigUs < 15 },
      extra: {
        'readJson configs/s': Math.round((N / ms.read!) * 1000),
        'JSON.parse configs/s': Math.round((N / ms.parse!) * 1000),
        'readJson µs/config': Number(perConfigUs.toFixed(2)),
        'readJson + 3 locates (pointer walks) µs/config': Number(perTenth('readSeek3').toFixed(2)),
        'readJson + full offset index µs/config': Number(perTenth('readIndex').toFixed(2)),
        'jsonc-parser parseTree µs/config': Number(perTenth('jsoncParser').toFixed(2)),
        'momoa parse µs/config': Number(perTenth('momoa').toFixed(2)),
      },
    },
  ];
}
