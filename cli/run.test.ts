import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../model/report.js';
import { UsageError } from './common.js';
import { main as list } from './list.js';
import { comparisonRuntime, main as run, selectCases } from './run.js';
import { runtimeCases } from '../suites/runtime/index.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const isRoot = process.getuid?.() === 0;
const hasRunc = (() => {
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const temps: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
});

async function temp(): Promise<string> {
  const t = await mkdtemp(join(tmpdir(), 'run-cli-test-'));
  temps.push(t);
  return t;
}

function captureStdout(): () => string {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    out += String(chunk);
    return true;
  });
  return () => out;
}

describe('oci-conform run: usage', () => {
  it.each([
    [['--runtime', 'runc', '--profile', 'loose'], /--profile/],
    [['--runtime', 'runc', '--filter', 'no.such.case'], /--filter/],
    [['--runtime', 'runc', '--spec-version', '2.0.0'], /--spec-version/],
    [['--runtime', 'runc', '--jobs', '0'], /--jobs/],
    [['--runtime', '/nonexistent/runtime'], /--runtime/],
    [['--runtime', 'runc', '--expect', '/nonexistent.json'], /--expect/],
    [['--runtime', 'runc', '--compare', '--no-compare'], /--compare and --no-compare/],
  ])('%j is a usage error', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(UsageError);
    await expect(run(argv)).rejects.toThrow(message);
  });

  it('rejects a baseline naming unknown cases', async () => {
    const dir = await temp();
    const file = join(dir, 'b.json');
    await import('node:fs/promises').then((f) =>
      f.writeFile(file, JSON.stringify({ expectedFailures: [{ id: 'lifecycle.nope', reason: 'x' }] })),
    );
    await expect(run(['--runtime', 'runc', '--expect', file])).rejects.toThrow(/lifecycle\.nope/);
  });

  it('selects cases by id, group and glob', () => {
    expect(
      selectCases(runtimeCases, ['lifecycle.kill.*']).every((c) => c.id.startsWith('lifecycle.kill.')),
    ).toBe(true);
    expect(selectCases(runtimeCases, ['lifecycle']).length).toBe(
      runtimeCases.filter((c) => c.group === 'lifecycle').length,
    );
    expect(selectCases(runtimeCases, undefined)).toBe(runtimeCases);
  });
});

describe('oci-conform run: comparison default', () => {
  const base = {
    compare: false,
    noCompare: false,
    runtimeGiven: true,
    reference: '/ref',
    subjectIsReference: false,
  };
  it('is on for another runtime when the reference is built, off otherwise', () => {
    expect(comparisonRuntime(base)).toBe('/ref');
    expect(comparisonRuntime({ ...base, reference: undefined })).toBeUndefined();
    expect(comparisonRuntime({ ...base, noCompare: true })).toBeUndefined();
    expect(comparisonRuntime({ ...base, runtimeGiven: false })).toBeUndefined();
    expect(comparisonRuntime({ ...base, subjectIsReference: true })).toBeUndefined();
    expect(comparisonRuntime({ ...base, compare: true })).toBe('/ref');
  });
  it.each([
    [{ compare: true, noCompare: true }, /one of them/],
    [{ compare: true, reference: undefined }, /not there/],
    [{ compare: true, subjectIsReference: true }, /reference runtime itself/],
    [{ compare: true, runtimeGiven: false }, /reference runtime itself/],
  ])('%j is a usage error', (over, message) => {
    expect(() => comparisonRuntime({ ...base, ...over })).toThrow(UsageError);
    expect(() => comparisonRuntime({ ...base, ...over })).toThrow(message);
  });
});

describe('oci-conform list', () => {
  it('prints cases with groups, requirement ids and the runc-compat difference', async () => {
    const out = captureStdout();
    expect(await list(['--format', 'json', '--filter', 'lifecycle.delete.*'])).toBe(0);
    const doc = JSON.parse(out()) as {
      cases: { id: string; requirements: { id: string }[]; runcCompat?: string }[];
    };
    const created = doc.cases.find((c) => c.id === 'lifecycle.delete.created-errors')!;
    expect(created.requirements.map((r) => r.id)).toContain('runtime.delete.not-stopped-error');
    expect(created.runcCompat).toMatch(/runc/);
    expect(doc.cases.every((c) => c.id.startsWith('lifecycle.delete.'))).toBe(true);
  });

  it('prints text', async () => {
    const out = captureStdout();
    expect(await list(['--filter', 'lifecycle.state.unknown-id'])).toBe(0);
    expect(out()).toMatch(/^lifecycle:\n {2}lifecycle\.state\.unknown-id\n/);
    expect(out()).toMatch(/runtime\.query-state\.unknown-id-error/);
  });
});

describe.skipIf(!isRoot || !hasRunc)('oci-conform run against runc', () => {
  it('writes a JSON report with evidence and exit code 0 for passing cases', async () => {
    const dir = await temp();
    const file = join(dir, 'r.json');
    const code = await run([
      '--runtime',
      'runc',
      '--no-compare',
      '--filter',
      'lifecycle.state.*',
      '--reporter',
      `json=${file}`,
    ]);
    const report = JSON.parse(await readFile(file, 'utf8')) as Report;
    expect(code).toBe(0);
    expect(report.command).toBe('run');
    expect(report.subject.runtimeVersion).toMatch(/runc/);
    expect(report.cases.length).toBe(6);
    expect(report.cases.every((c) => c.status === 'pass')).toBe(true);
    const t = report.cases.find((c) => c.id === 'lifecycle.state.transitions')!;
    expect(t.evidence.commands!.map((c) => c.argv[3])).toEqual(
      expect.arrayContaining(['create', 'start', 'state', 'kill']),
    );
    const cov = report.coverage!.requirements;
    expect(cov.find((r) => r.id === 'runtime.state.status-running')!.status).toBe('pass');
    // Requirements of cases the filter left out, and uncovered ones, are listed as untested.
    const other = cov.find(
      (r) => r.cases.length > 0 && r.cases.every((c) => !c.startsWith('lifecycle.state.')),
    )!;
    expect(other.status).toBe('untested');
    expect(cov.some((r) => r.cases.length === 0 && r.status === 'untested')).toBe(true);
    expect(report.coverage!.totals.at(-1)!.doc).toBe('all');
  });

  it('applies the baseline: xfail keeps the exit code 0, the profile flips the created-delete case', async () => {
    const dir = await temp();
    const file = join(dir, 'r.json');
    const argv = [
      '--runtime',
      'runc',
      '--no-compare',
      '--filter',
      'lifecycle.delete.created-errors',
      '--reporter',
      `json=${file}`,
    ];
    expect(await run([...argv, '--expect', join(repo, 'baselines/runc-1.1.5.json')])).toBe(0);
    expect((JSON.parse(await readFile(file, 'utf8')) as Report).cases[0]!.status).toBe('xfail');
    expect(await run(argv)).toBe(1);
    expect(await run([...argv, '--profile', 'runc-compat'])).toBe(0);
    expect(
      await run([...argv, '--profile', 'runc-compat', '--expect', join(repo, 'baselines/runc-1.1.5.json')]),
    ).toBe(1);
    expect((JSON.parse(await readFile(file, 'utf8')) as Report).cases[0]!.status).toBe('xpass');
  });

  it('on SIGTERM tears down every live case (the reference runtime run too) and exits 3 within 5 seconds, leaving nothing', async () => {
    const dir = await temp();
    const report = join(dir, 'r.json');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(join(repo, 'cli/run.ts'))}); process.exitCode = await main(process.argv.slice(1));`,
        '--',
        ...['--runtime', 'runc', '--filter', 'lifecycle', '--reporter', `json=${report}`],
      ],
      { cwd: repo, env: { ...process.env, TMPDIR: dir }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until cases are live (a case dir exists in the run's temp dir), then interrupt.
    const deadline = Date.now() + 30_000;
    const live = () =>
      readdirSync(dir)
        .filter((d) => d.startsWith('oci-conform-'))
        .some((d) => existsSync(join(dir, d, 'c')) && readdirSync(join(dir, d, 'c')).length > 0);
    while (!live() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(live()).toBe(true);
    // The runs' tags (container ids, cgroup parents), from their owner files: the interrupted cases may
    // not have recorded a command yet.
    const tags = readdirSync(dir)
      .filter((d) => d.startsWith('oci-conform-') && existsSync(join(dir, d, 'owner.json')))
      .map(
        (d) => (JSON.parse(readFileSync(join(dir, d, 'owner.json'), 'utf8')) as { runTag: string }).runTag,
      );
    expect(tags.length).toBeGreaterThan(0);
    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const took = Date.now() - t0;
    // The CLI's own timers exit 5 s after the signal at the latest; on a loaded machine its process gets
    // less of the CPU, so the bound is scaled as the guest scales its deadlines (scripts/vm/init.sh): by the
    // wall time of \`node -e 0\`, measured now, in units of 100 ms.
    const n0 = Date.now();
    execFileSync(process.execPath, ['-e', '0']);
    const scale = Math.max(1, (Date.now() - n0) / 100);
    expect(took).toBeLessThan(5000 * scale);
    expect(code).toBe(3);
    expect(readdirSync(dir).filter((d) => d.startsWith('oci-conform-'))).toEqual([]);
    const r = JSON.parse(await readFile(report, 'utf8')) as Report;
    expect(r.errors!.join('\n')).toMatch(/interrupted/);
    // the signal ended live cases (they did not run to their end)
    expect(r.cases.some((c) => c.status === 'error' && /interrupted/.test(c.reason ?? ''))).toBe(true);
    for (const tag of tags)
      for (const hierarchy of await readdir('/sys/fs/cgroup')) {
        expect(existsSync(join('/sys/fs/cgroup', hierarchy, `oci-conform-${tag}`))).toBe(false);
      }
    for (const p of await readdir('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      const root = await readlink(`/proc/${p}/root`).catch(() => '');
      expect(root.startsWith(dir)).toBe(false);
    }
  }, 60_000);
});

describe('referenceBroken', () => {
  it('gives the reason when the bundled reference does not answer --version, nothing when it does', async () => {
    const { referenceBroken } = await import('./run.js');
    expect(
      await referenceBroken({
        exitCode: 3,
        timedOut: false,
        stderr: 'level=error msg="not built; run npm run build"\n',
      }),
    ).toBe('level=error msg="not built; run npm run build"');
    expect(await referenceBroken({ exitCode: null, timedOut: true, stderr: '' })).toBe('--version timed out');
    // answering --version: broken only when its native init is missing and cannot be built
    expect(await referenceBroken({ exitCode: 0, timedOut: false, stderr: '' })).toBeUndefined();
  });
});
