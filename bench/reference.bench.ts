// The reference runtime's cost: its create+start+state+delete cycle against the Node floor (four bare
// `node` start-ups plus runc's cycle), and what `run --compare` adds to a whole-suite run against runc.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProbe } from '../harness/probe/locate.js';
import { createBundle } from '../harness/runtime/bundle.js';
import { defaultConfig } from '../harness/runtime/config-builder.js';
import type { BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const reference = join(repo, 'reference-runtime', 'bin', 'oci-reference-runtime');
const mainCli = join(repo, 'dist', 'cli', 'main.js');
const rounds = 9;

function ms(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs one command; stdio goes to a file (a container inherits create's stdio: never a pipe). */
function call(argv: string[], log: number): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', log, log], timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status}`);
}

/** One create+start+state+delete cycle of `runtime` (argv prefix) on a bundle whose process exits at once. */
function cycle(runtime: string[], root: string, bundle: string, id: string, log: number): number {
  return ms(() => {
    call([...runtime, '--root', root, 'create', '--bundle', bundle, id], log);
    call([...runtime, '--root', root, 'start', id], log);
    call([...runtime, '--root', root, 'state', id], log);
    call([...runtime, '--root', root, 'delete', '--force', id], log);
  });
}

/** Wall time of `oci-conform run --runtime=runc` over the whole suite with 2 jobs. */
function suite(args: string[], env: NodeJS.ProcessEnv = {}): number {
  return ms(() => {
    const r = spawnSync(
      process.execPath,
      [
        mainCli,
        'run',
        '--runtime=runc',
        '--jobs=2',
        '--call-timeout=60000',
        '--reporter=json=/dev/null',
        ...args,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } },
    );
    if (r.status === 3 || r.status === 2 || r.status === null)
      throw new Error(
        `run ${args.join(' ')}: exit ${r.status}: ${r.stderr.toString().slice(-500) || '(see the report errors)'}`,
      );
  });
}

export async function run(): Promise<BenchResult[]> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench: reference.bench skipped: needs root\n');
    return [];
  }
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('bench: reference.bench skipped: runc not runnable\n');
    return [];
  }
  if (!existsSync(mainCli)) throw new Error(`expected ${mainCli}: run npm run build first`);
  const probe = await ensureProbe();
  const work = mkdtempSync(join(tmpdir(), 'oci-bench-ref-'));
  const results: BenchResult[] = [];
  try {
    const config = defaultConfig();
    config.process!.args = ['/probe', 'exit', '0'];
    const bundle = (await createBundle(join(work, 'bundle'), config, { probe })).dir;
    const ref = [process.execPath, reference];
    const runc = ['runc'];
    const log = openSync(join(work, 'calls.log'), 'a');
    const node: number[] = [];
    const refCycle: number[] = [];
    const runcCycle: number[] = [];
    // Interleaved rounds, median of each: the machine is shared, so every series sees the same load.
    for (let i = 0; i <= rounds; i++) {
      const n = ms(() => {
        for (let k = 0; k < 4; k++) call([process.execPath, '-e', ''], log);
      });
      const r = cycle(ref, join(work, 'ref-root'), bundle, `b-ref-${process.pid}-${i}`, log);
      const c = cycle(runc, join(work, 'runc-root'), bundle, `b-runc-${process.pid}-${i}`, log);
      if (i === 0) continue; // warm-up: page cache, the runtimes' binaries
      node.push(n);
      refCycle.push(r);
      runcCycle.push(c);
    }
    const floor = median(node) + median(runcCycle);
    const cycleRatio = median(refCycle) / floor;
    results.push({
      name: 'reference.cycle',
      description: `reference create+start+state+delete vs the Node floor (4 bare node start-ups + runc's cycle), median of ${rounds}`,
      ratio: cycleRatio,
      subject: { label: 'reference cycle', value: median(refCycle), unit: 'ms' },
      baseline: { label: 'Node floor', value: floor, unit: 'ms' },
      target: { text: 'ratio <= 1.3', met: cycleRatio <= 1.3 },
      extra: {
        '4 x node -e "" (ms)': median(node),
        'runc cycle (ms)': median(runcCycle),
        'reference / runc': median(refCycle) / median(runcCycle),
      },
    });

    const cacheDir = join(work, 'cache');
    const env = { OCI_CONFORM_CACHE_DIR: cacheDir };
    suite(['--no-compare']); // warm-up
    const plain = Math.min(suite(['--no-compare']), suite(['--no-compare']));
    const cold = suite(['--compare', '--no-reference-cache'], env);
    const first = suite(['--compare'], env); // fills the cache
    const warm = Math.min(suite(['--compare'], env), suite(['--compare'], env));
    const warmRatio = warm / plain;
    results.push({
      name: 'reference.compare',
      description:
        'run --runtime=runc over the whole suite with 2 jobs: --compare with the reference observations cached by an earlier run on this host vs --no-compare',
      ratio: warmRatio,
      subject: { label: '--compare (cache reused)', value: warm, unit: 'ms' },
      baseline: { label: '--no-compare', value: plain, unit: 'ms' },
      target: { text: 'ratio <= 1.5', met: warmRatio <= 1.5 },
      extra: {
        '--compare without the cache (ms)': cold,
        'cold ratio': cold / plain,
        '--compare filling the cache (ms)': first,
      },
    });
  } finally {
    spawnSync('runc', ['--root', join(work, 'runc-root'), 'list', '-q'], { encoding: 'utf8' })
      .stdout?.split('\n')
      .filter(Boolean)
      .forEach((id) => spawnSync('runc', ['--root', join(work, 'runc-root'), 'delete', '--force', id]));
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
