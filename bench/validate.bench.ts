// validate throughput on 10,000 runc-spec-sized configs in one process, against bare JSON.parse of
// the same bytes; and the CLI's start-up for one file against `node -e ''`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBytes } from '../harness/validate.js';
import { runcSpecConfigBytes, runcSpecConfig } from './fixtures.js';
import type { BenchResult } from './types.js';
import { rules } from '../suites/config/index.js';

const N = 10_000;

export async function run(): Promise<BenchResult[]> {
  const inputs = runcSpecConfigBytes(N);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Warm both paths (JIT, lazy schema compile) before timing.
  for (let i = 0; i < 500; i++) {
    JSON.parse(decoder.decode(inputs[i]!));
    validateBytes(inputs[i]!, 'config.json', { rules });
  }
  const best = (fn: () => void) => {
    let min = Infinity;
    for (let r = 0; r < 3; r++) {
      const t = process.hrtime.bigint();
      fn();
      min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
    }
    return min;
  };
  let sink = 0;
  const parseMs = best(() => {
    for (const b of inputs) sink += (JSON.parse(decoder.decode(b)) as { hostname: string }).hostname.length;
  });
  let errors = 0;
  const validateMs = best(() => {
    for (const b of inputs) {
      for (const c of validateBytes(b, 'config.json', { rules }).cases)
        for (const f of c.findings) if (f.level === 'must') errors++;
    }
  });
  if (sink === 0) throw new Error('unreachable');
  const perSecond = (N / validateMs) * 1000;
  const results: BenchResult[] = [
    {
      name: 'validate.throughput',
      description: `validate ${N} runc-spec-sized configs (${inputs[0]!.length} bytes each) in one process vs JSON.parse of the same bytes`,
      ratio: validateMs / parseMs,
      subject: { label: 'validate', value: validateMs, unit: 'ms' },
      baseline: { label: 'JSON.parse', value: parseMs, unit: 'ms' },
      target: { text: '>= 20000 configs/s on one core', met: perSecond >= 20_000 },
      extra: { 'configs/s': Math.round(perSecond), 'must-level findings (expect 0)': errors / 3 },
    },
  ];

  const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
  if (existsSync(cli)) {
    const dir = mkdtempSync(join(tmpdir(), 'oci-conform-bench-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(runcSpecConfig(1), null, 2));
      const time = (args: string[]) => {
        let min = Infinity;
        for (let r = 0; r < 15; r++) {
          const t = process.hrtime.bigint();
          try {
            execFileSync(process.execPath, args, { stdio: 'ignore' });
          } catch {
            // a finding exits 1; start-up is what is timed
          }
          min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
        }
        return min;
      };
      const bare = time(['-e', '']);
      const one = time([cli, 'validate', '--no-color', file]);
      results.push({
        name: 'validate.startup',
        description: 'oci-conform validate of one config.json (the bundled CLI, best of 15) vs node -e ""',
        ratio: one / bare,
        subject: { label: 'oci-conform validate', value: one, unit: 'ms' },
        baseline: { label: "node -e ''", value: bare, unit: 'ms' },
        target: { text: 'ratio < 3', met: one / bare < 3 },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    process.stderr.write('bench: validate.startup skipped: dist/ not built (npm run build)\n');
  }
  return results;
}
