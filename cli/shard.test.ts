// run --shard and merge: the split is deterministic, balanced and whole; four shards against runc
// merged equal an unsharded run case for case (root and runc, else skipped visibly).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { assignShards, parseShard } from '../harness/runtime/shard.js';
import { mergeCases } from './merge.js';
import { UsageError } from './common.js';

const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../', import.meta.url));
const hasRunc = await exec('runc', ['--version']).then(
  () => true,
  () => false,
);

describe('assignShards', () => {
  const ids = Array.from({ length: 23 }, (_, i) => `case.${String(i).padStart(2, '0')}`);
  it('puts every id in exactly one shard, whatever the order of the input', () => {
    const shards = assignShards(ids, 4);
    expect(shards.flat().sort()).toEqual(ids);
    expect(assignShards([...ids].reverse(), 4)).toEqual(shards);
    // by count without durations: sizes differ by at most one
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
  it('balances by recorded duration: one long case gets a shard of its own', () => {
    const durations = new Map(ids.map((id, i) => [id, i === 5 ? 10_000 : 100]));
    const shards = assignShards(ids, 4, durations);
    expect(shards.find((s) => s.includes('case.05'))).toEqual(['case.05']);
    expect(shards.flat().sort()).toEqual(ids);
  });
  it('more shards than cases leaves some empty, never duplicates', () => {
    const shards = assignShards(['a', 'b'], 4);
    expect(shards.flat().sort()).toEqual(['a', 'b']);
    expect(shards.filter((s) => s.length === 0)).toHaveLength(2);
  });
  it('parseShard says what it expected', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1/2/3'])
      expect((parseShard(bad) as { error: string }).error).toMatch(/^--shard: expected i\/n/);
  });
});

describe('mergeCases', () => {
  const report = (runtimeVersion: string, cgroupMode: 'v1' | 'v2', ids: string[]) =>
    ({
      subject: { kind: 'runtime', paths: ['/usr/sbin/runc'], runtimeVersion },
      host: { cgroupMode, kernel: '6.1' },
      cases: ids.map((id) => ({
        id,
        group: 'g',
        requirements: [],
        status: 'pass',
        findings: [],
        durationMs: 1,
        evidence: {},
      })),
    }) as unknown as Report;
  it('unions shards of one origin and refuses overlapping ones', () => {
    const merged = mergeCases([
      { file: 'a.json', report: report('runc 1.1.5', 'v2', ['x', 'y']) },
      { file: 'b.json', report: report('runc 1.1.5', 'v2', ['z']) },
    ]);
    expect(merged.map((c) => c.id).sort()).toEqual(['x', 'y', 'z']);
    expect(() =>
      mergeCases([
        { file: 'a.json', report: report('runc 1.1.5', 'v2', ['x']) },
        { file: 'b.json', report: report('runc 1.1.5', 'v2', ['x']) },
      ]),
    ).toThrow(UsageError);
  });
  it("keeps each host's verdict of a case that ran on several hosts", () => {
    const merged = mergeCases([
      { file: 'v1.json', report: report('runc 1.1.5', 'v1', ['x', 'only-v1']) },
      { file: 'v2.json', report: report('runc 1.1.5', 'v2', ['x']) },
    ]);
    expect(merged.map((c) => c.id).sort()).toEqual([
      'only-v1',
      'x @ runc 1.1.5, cgroup v1, 6.1',
      'x @ runc 1.1.5, cgroup v2, 6.1',
    ]);
  });
});

describe.skipIf(process.getuid?.() !== 0 || !hasRunc)('run --shard 1/4..4/4 merged against runc', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  it('equals an unsharded run case for case', async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-conform-shard-'));
    const run = (out: string, extra: string[]) =>
      exec(
        join(repo, 'oci-conform'),
        [
          'run',
          '--runtime=runc',
          '--no-compare',
          '--filter',
          'lifecycle.state.*',
          '--jobs',
          '1',
          '--reporter',
          `json=${out}`,
          ...extra,
        ],
        { cwd: dir },
      );
    const shards = [1, 2, 3, 4].map((i) => join(dir, `shard-${i}.json`));
    await Promise.all([
      run(join(dir, 'whole.json'), []),
      ...shards.map((f, i) => run(f, ['--shard', `${i + 1}/4`])),
    ]);
    await exec(join(repo, 'oci-conform'), [
      'merge',
      ...shards,
      '--reporter',
      `json=${join(dir, 'merged.json')}`,
      '--reporter',
      `junit=${join(dir, 'merged.xml')}`,
    ]);
    const read = async (f: string) => JSON.parse(await readFile(f, 'utf8')) as Report;
    const verdicts = (r: Report) => Object.fromEntries(r.cases.map((c) => [c.id, c.status]));
    const whole = await read(join(dir, 'whole.json'));
    const parts = await Promise.all(shards.map(read));
    const merged = await read(join(dir, 'merged.json'));
    expect(whole.cases.length).toBeGreaterThan(4);
    // no overlap, nothing missing
    expect(parts.flatMap((p) => p.cases.map((c) => c.id)).sort()).toEqual(
      whole.cases.map((c) => c.id).sort(),
    );
    expect(verdicts(merged)).toEqual(verdicts(whole));
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(await readFile(join(dir, 'merged.xml'), 'utf8')).toContain('lifecycle.state.');
  }, 300_000);
});
