// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
// each result as a ratio against its same-run baseline, plus a JSON file for tracking.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const all: BenchResult[] = [];
let failed = false;
for (const f of files) {
  process.stderr.write(`bench: ${f}\n`);
  try {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
    for (const r of await mod.run()) {
      all.push(r);
      const target = r.target ? `  target ${r.target.text}: ${r.target.met ? 'met' : 'NOT MET'}` : '';
      process.stdout.write(
        `${r.name}: ratio ${r.ratio.toFixed(3)}  (${r.subject.label} ${fmt(r.subject.value)} ${r.subject.unit} vs ${r.baseline.label} ${fmt(r.baseline.value)} ${r.baseline.unit})${target}\n`,
      );
      for (const [k, v] of Object.entries(r.extra ?? {}))
        process.stdout.write(`    ${k}: ${typeof v === 'number' ? fmt(v) : v}\n`);
    }
  } catch (err) {
    failed = true;
    process.stderr.write(`bench: ${f} failed: ${(err as Error).stack}\n`);
  }
}
const out = join(here, '..', 'bench-results.json');
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, results: all }, null, 2) + '\n',
);
process.stderr.write(`bench: wrote ${out}\n`);
process.exitCode = failed ? 3 : 0;

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(4);
}
