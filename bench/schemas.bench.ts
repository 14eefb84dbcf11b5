// schemas/: validateDocument throughput on runc-spec configs against bare JSON.parse, and the cold
// start of a process that loads schemas/ and validates one config against bare `node -e ''`.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { validateDocument } from '../schemas/index.js';
import { runcSpecConfig } from './fixtures.js';
import type { BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Transpiles schemas/*.ts into a temp tree that plain node can import (generated/ is linked). */
function transpileSchemas(): { dir: string; cleanup: () => void } {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as { transformSync: (code: string, o: object) => { code: string } };
  const dir = mkdtempSync(join(tmpdir(), 'oci-conform-schemas-bench-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  for (const sub of ['', 'runtime']) {
    mkdirSync(join(dir, 'schemas', sub), { recursive: true });
    for (const f of readdirSync(join(root, 'schemas', sub))) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
      const src = readFileSync(join(root, 'schemas', sub, f), 'utf8');
      const out = esbuild.transformSync(src, { loader: 'ts', format: 'esm', target: 'node20' }).code;
      writeFileSync(join(dir, 'schemas', sub, f.replace(/\.ts$/, '.js')), out);
    }
  }
  symlinkSync(join(root, 'schemas', 'generated'), join(dir, 'schemas', 'generated'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function medianMs(fn: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

export async function run(): Promise<BenchResult[]> {
  const N = 20_000;
  const texts = Array.from({ length: N }, (_, i) => JSON.stringify(runcSpecConfig(i), null, '\t'));
  for (let i = 0; i < 1000; i++) validateDocument('config', '1.0.2', JSON.parse(texts[i]!));
  const best = (fn: () => void): number => Math.min(...[0, 1, 2].map(() => medianMs(fn, 1)));
  const parseMs = best(() => texts.forEach((t) => JSON.parse(t)));
  let errors = 0;
  const validateMs = best(() =>
    texts.forEach((t) => (errors += validateDocument('config', '1.0.2', JSON.parse(t)).length)),
  );
  const perSecond = (N / validateMs) * 1000;
  const results: BenchResult[] = [
    {
      name: 'schemas.validate-throughput',
      description: `JSON.parse + validateDocument('config') of ${N} runc-spec configs (${texts[0]!.length} bytes) vs JSON.parse alone`,
      ratio: validateMs / parseMs,
      subject: { label: 'parse+schema', value: validateMs, unit: 'ms' },
      baseline: { label: 'JSON.parse', value: parseMs, unit: 'ms' },
      extra: { 'configs/s (parse+schema)': Math.round(perSecond), 'schema errors (expect 0)': errors / 3 },
    },
  ];

  const { dir, cleanup } = transpileSchemas();
  try {
    const file = join(dir, 'config.json');
    writeFileSync(file, texts[0]!);
    const script = join(dir, 'one.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';\n` +
        `import { validateDocument, resolveSpecVersion } from './schemas/index.js';\n` +
        `const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'));\n` +
        `const n = validateDocument('config', resolveSpecVersion(doc.ociVersion).version, doc).length;\n` +
        `if (n !== 0) process.exit(1);\n`,
    );
    const node = process.execPath;
    const bare = medianMs(() => execFileSync(node, ['-e', '']), 15);
    const one = medianMs(() => execFileSync(node, [script, file]), 15);
    const bare2 = medianMs(() => execFileSync(node, ['-e', '']), 15);
    const baseline = Math.min(bare, bare2);
    results.push({
      name: 'schemas.cold-start',
      description:
        'node process that imports schemas/ and validates one runc-spec config vs `node -e ""` (median of 15)',
      ratio: one / baseline,
      subject: { label: 'schemas one file', value: one, unit: 'ms' },
      baseline: { label: "node -e ''", value: baseline, unit: 'ms' },
      target: { text: 'schema share of the CLI budget: ratio <= 2', met: one / baseline <= 2 },
    });
  } finally {
    cleanup();
  }
  return results;
}
