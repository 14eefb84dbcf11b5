import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCase, type RuntimeCase } from './case.js';
import { RuntimeDriver } from './driver.js';
import type { RunHostFacts } from './host.js';
import { fixtureHost } from './host.fixtures.js';
import { runCases, type RunOptions } from './scheduler.js';

let dir: string;
let fake: string;
let tmpRoot: string;
const host: RunHostFacts = fixtureHost();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scheduler-test-'));
  tmpRoot = join(dir, 'runs');
  await import('node:fs/promises').then((f) => f.mkdir(tmpRoot));
  fake = join(dir, 'fake-runtime');
  await writeFile(
    fake,
    `#!/bin/sh
while [ "$1" != "" ]; do case "$1" in --root) shift 2;; --*) shift;; *) break;; esac; done
echo "$@" >> "${dir}/calls"
case "$1" in
  state) case "$2" in
    *badstate*) echo '{"id":"x","status":"created"}';;
    *garbage*) echo 'garbage';;
    *) echo '{"ociVersion":"1.0.2","id":"'$2'","status":"created","pid":1,"bundle":"/b"}';;
  esac;;
  hang) sleep 30;;
  kill) case "$2" in *hangkill*) sleep 30;; *crashkill*) kill -SEGV $$;; esac;;
  delete) case "$3" in *hangdel*) sleep 30;; esac;;
  create) echo "hello from the container"; echo "runtime warning" >&2;;
esac
exit 0
`,
  );
  await chmod(fake, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(extra: Partial<RunOptions> = {}): RunOptions {
  return {
    driver: new RuntimeDriver({ runtime: fake, root: '/unused', timeoutMs: 2000 }),
    probe: fake,
    host,
    specVersion: '1.3.0',
    profile: 'spec',
    tmpRoot,
    jobs: 2,
    ...extra,
  };
}

const base = {
  group: 'test',
  requirements: ['runtime.state.status-created'] as RuntimeCase['requirements'],
  description: 'd',
};

describe('scheduler', () => {
  it('gives each case a verdict of its own: pass, fail, error, skip, deadline', async () => {
    let deferred = 0;
    const cases: RuntimeCase[] = [
      defineCase({ ...base, id: 't.pass', run: async (ctx) => void (await ctx.runtime.state()) }),
      defineCase({
        ...base,
        id: 't.fail',
        run: async (ctx) => void ctx.check.equal(1, 2, { requirements: ['runtime.state.id'], what: 'x' }),
      }),
      defineCase({
        ...base,
        id: 't.should-only',
        run: async (ctx) =>
          void ctx.check.that(false, { requirements: ['runtime.state.annotations'], what: 'may' }),
      }),
      defineCase({
        ...base,
        id: 't.error',
        run: async () => {
          throw new Error('boom');
        },
      }),
      defineCase({ ...base, id: 't.skip', needs: () => 'no such thing here', run: async () => undefined }),
      defineCase({ ...base, id: 't.old', until: '1.1.0', run: async () => undefined }),
      defineCase({
        ...base,
        id: 't.deadline',
        timeoutMs: 300,
        run: async (ctx) => {
          ctx.defer(() => void deferred++);
          await ctx.runtime.create();
          await new Promise(() => undefined);
        },
      }),
    ];
    const out = await runCases(cases, options());
    expect(out.results.map((r) => [r.id, r.status])).toEqual([
      ['t.pass', 'pass'],
      ['t.fail', 'fail'],
      ['t.should-only', 'pass'],
      ['t.error', 'error'],
      ['t.skip', 'skip'],
      ['t.old', 'skip'],
      ['t.deadline', 'fail'],
    ]);
    expect(out.results[1]!.findings[0]).toMatchObject({
      rule: 't.fail',
      level: 'must',
      expected: 2,
      actual: 1,
    });
    expect(out.results[3]!.reason).toMatch(/boom/);
    expect(out.results[4]!.reason).toBe('no such thing here');
    expect(out.results[5]!.reason).toMatch(/1\.1\.0/);
    expect(out.results[6]!.findings[0]!.message).toMatch(/within 300 ms/);
    expect(deferred).toBe(1);
    // Teardown killed and force-deleted the container the stuck case created.
    const calls = await readFile(join(dir, 'calls'), 'utf8');
    const id = out.results[6]!.evidence.commands![0]!.argv.at(-1)!;
    expect(calls).toContain(`kill ${id} KILL`);
    expect(calls).toContain(`delete --force ${id}`);
    expect(out.errors).toEqual([]);
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('checks every state document: schema problems and garbage become findings', async () => {
    const out = await runCases(
      [
        defineCase({
          ...base,
          id: 't.badstate',
          run: async (ctx) => void (await ctx.runtime.state(ctx.newContainerId('badstate'))),
        }),
        defineCase({
          ...base,
          id: 't.garbage',
          run: async (ctx) => void (await ctx.runtime.state(ctx.newContainerId('garbage'))),
        }),
      ],
      options(),
    );
    expect(out.results.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(out.results[0]!.findings.every((f) => f.requirements.includes('runtime.state.schema'))).toBe(true);
    expect(out.results[0]!.findings.length).toBeGreaterThanOrEqual(2);
    expect(out.results[1]!.findings[0]!.requirements).toEqual(['runtime.query-state.returns-state']);
  });

  it('fails only the case whose runtime call hangs', async () => {
    const out = await runCases(
      [
        defineCase({
          ...base,
          id: 't.hang',
          run: async (ctx) =>
            void ctx.check.succeeded(await ctx.runtime.raw(['hang'], { timeoutMs: 200 }), {
              requirements: ['runtime.state.id'],
              what: 'hang',
            }),
        }),
        defineCase({ ...base, id: 't.ok', run: async () => undefined }),
      ],
      options(),
    );
    expect(out.results.map((r) => r.status)).toEqual(['fail', 'pass']);
    expect(out.results[0]!.evidence.commands![0]!.timedOut).toBe(true);
  });

  it('runs at most --jobs cases at once', async () => {
    let live = 0;
    let peak = 0;
    const slow = (id: string) =>
      defineCase({
        ...base,
        id,
        run: async () => {
          peak = Math.max(peak, ++live);
          await new Promise((r) => setTimeout(r, 100));
          live--;
        },
      });
    const out = await runCases([slow('a'), slow('b'), slow('c'), slow('d'), slow('e')], options({ jobs: 2 }));
    expect(peak).toBe(2);
    expect(out.results.every((r) => r.status === 'pass')).toBe(true);
  });

  it('on interrupt ends live cases as errors, starts no more, and tears down quickly', async () => {
    const ac = new AbortController();
    const stuck = (id: string) =>
      defineCase({
        ...base,
        id,
        run: async (ctx) => {
          await ctx.runtime.create();
          await new Promise(() => undefined);
        },
      });
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    const out = await runCases(
      [stuck('i1'), stuck('i2'), stuck('i3')],
      options({ signal: ac.signal, jobs: 2 }),
    );
    // stuck cases would otherwise run to their case deadline; torn down within 10x the quiet-machine time
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(out.interrupted).toBe(true);
    expect(out.results.map((r) => r.status)).toEqual(['error', 'error', 'error']);
    expect(out.results[0]!.reason).toBe('run interrupted');
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('skips every case when not root', async () => {
    const out = await runCases(
      [defineCase({ ...base, id: 'x', run: async () => undefined })],
      options({ host: { ...host, root: false } }),
    );
    expect(out.results[0]).toMatchObject({ status: 'skip' });
    expect(out.results[0]!.reason).toMatch(/root/);
  });
});

describe('unionLength', () => {
  it('merges overlapping intervals', async () => {
    const { unionLength } = await import('./scheduler.js');
    expect(unionLength([])).toBe(0);
    expect(
      unionLength([
        [0, 10],
        [5, 15],
        [20, 30],
        [21, 22],
      ]),
    ).toBe(25);
  });
});

describe('versionSkip', () => {
  it('skips cases outside their version range or whose requirements all postdate the run', async () => {
    const { versionSkip } = await import('./scheduler.js');
    const c = defineCase({ ...base, id: 'v', run: async () => undefined });
    expect(versionSkip(c, '1.3.0')).toBeNull();
    expect(versionSkip({ ...c, since: '1.2.0' }, '1.1.0')).toMatch(/from spec 1\.2\.0/);
    expect(versionSkip({ ...c, until: '1.2.0' }, '1.2.0')).toMatch(/before spec 1\.2\.0/);
    // features.md requirements start at 1.1.0.
    const { registry } = await import('../../requirements/index.js');
    const later = [...registry.values()].find((r) => r.spec === 'runtime' && r.since === '1.1.0')!;
    expect(versionSkip({ ...c, requirements: [later.id as any] }, '1.0.2')).toMatch(
      /none of its requirements/,
    );
    expect(versionSkip({ ...c, requirements: [later.id as any] }, '1.1.0')).toBeNull();
  });
});

describe('dead runs', () => {
  it('are swept before a run: their containers force-deleted, their dir removed; live ones are left', async () => {
    const { mkdir } = await import('node:fs/promises');
    const { processStartTime } = await import('./sweep.js');
    const dead = join(tmpRoot, 'oci-conform-dead');
    const live = join(tmpRoot, 'oci-conform-live');
    await mkdir(join(dead, 'r', '0', 'ctr-left-behind'), { recursive: true });
    await mkdir(join(live, 'r', '0', 'ctr-in-use'), { recursive: true });
    const owner = { runtime: fake, runtimeArgs: [], runTag: 'deadbeef' };
    await writeFile(
      join(dead, 'owner.json'),
      JSON.stringify({ ...owner, pid: process.pid, startTime: 'not-this' }),
    );
    await writeFile(
      join(live, 'owner.json'),
      JSON.stringify({ ...owner, pid: process.pid, startTime: await processStartTime('self') }),
    );
    // A dir another user could have written (group/other-writable) is never trusted.
    const planted = join(tmpRoot, 'oci-conform-planted');
    await mkdir(join(planted, 'r', '0', 'ctr-planted'), { recursive: true });
    await writeFile(
      join(planted, 'owner.json'),
      JSON.stringify({ ...owner, pid: process.pid, startTime: 'x' }),
    );
    const { chmod: chmodP } = await import('node:fs/promises');
    await chmodP(planted, 0o777);
    const out = await runCases([], options());
    expect(out.swept).toHaveLength(1);
    expect(await readFile(join(dir, 'calls'), 'utf8')).not.toContain('ctr-planted');
    await rm(planted, { recursive: true });
    expect(out.swept[0]).toMatch(/deadbeef.*1 container/);
    expect(await readFile(join(dir, 'calls'), 'utf8')).toContain('delete --force ctr-left-behind');
    expect(await readdir(tmpRoot)).toEqual(['oci-conform-live']);
    await rm(live, { recursive: true });
  });
});

describe('teardown against a runtime that does not answer', () => {
  it('a kill or delete --force that hangs or crashes is a finding on the case that owned the container, not a tool error', async () => {
    const made = (id: string) =>
      defineCase({ ...base, id, run: async (ctx) => void (await ctx.runtime.create()) });
    const out = await runCases([made('t.hangdel'), made('t.hangkill'), made('t.crashkill'), made('t.fine')], {
      ...options(),
      driver: new RuntimeDriver({ runtime: fake, root: '/unused', timeoutMs: 500 }),
      jobs: 4,
    });
    expect(out.results.map((r) => [r.id, r.status])).toEqual([
      ['t.hangdel', 'fail'],
      ['t.hangkill', 'fail'],
      ['t.crashkill', 'fail'],
      ['t.fine', 'pass'],
    ]);
    expect(out.errors).toEqual([]);
    const [del, kill, crash] = out.results.map((r) => r.findings.find((f) => f.rule === `${r.id}.teardown`));
    expect(del).toMatchObject({
      check: 'teardown delete --force',
      requirements: ['runtime.delete.removes-created-resources'],
      location: { kind: 'command', exitCode: null, signal: 'SIGKILL' },
    });
    expect(del!.actual).toMatch(/^no answer within \d+ ms \(killed\)$/);
    expect(kill).toMatchObject({ check: 'teardown kill KILL', requirements: ['runtime.kill.sends-signal'] });
    expect(crash).toMatchObject({ check: 'teardown kill KILL', actual: 'killed by SIGSEGV' });
    // the stalled command is in the evidence, as it ended
    const cmd = out.results[0]!.evidence.commands!.find((c) => c.argv.includes('--force'))!;
    expect(cmd.timedOut).toBe(true);
    // the leftover-state check does not report the container whose delete never answered a second time
    expect(out.results[0]!.findings.filter((f) => f.rule === 't.hangdel.leftovers')).toEqual([]);
  });
});

describe('evidence', () => {
  it('keeps the tails of the container output of a case that does not pass', async () => {
    const failing = defineCase({
      ...base,
      id: 't.output',
      run: async (ctx) => {
        await ctx.runtime.create();
        ctx.check.fail({ requirements: ['runtime.state.id'], what: 'x', message: 'x failed' });
      },
    });
    const passing = defineCase({
      ...base,
      id: 't.output-pass',
      run: async (ctx) => void (await ctx.runtime.create()),
    });
    const out = await runCases([failing, passing], options());
    const obs = out.results[0]!.evidence.observation as Record<
      string,
      Record<string, { stdout: string; stderr: string }>
    >;
    const [only] = Object.values(obs['container output (tails)']!);
    expect(only).toEqual({ stdout: 'hello from the container', stderr: 'runtime warning' });
    expect(out.results[1]!.evidence.observation).toBeUndefined();
  });
});

describe('cgroup clean-up', () => {
  it('removes the cgroups under the run parent and never one a case pointed elsewhere', async () => {
    const { mkdir } = await import('node:fs/promises');
    const { existsSync } = await import('node:fs');
    const { hostFs } = await import('./cgroups.js');
    const fsRoot = join(dir, 'cgfs');
    await mkdir(join(fsRoot, 'cg', 'elsewhere'), { recursive: true });
    const mounts = [{ mountPoint: '/cg', version: 1 as const, controllers: ['pids'], root: '/' }];
    let runDir = '';
    const c = defineCase({
      ...base,
      id: 't.cgroups',
      run: async (ctx) => {
        const other = await ctx.makeBundle((b) => b.cgroupsPath('/elsewhere'));
        expect(other.cgroupsPath).toBe('/elsewhere');
        runDir = join(fsRoot, 'cg', ctx.bundle.cgroupsPath!);
        await mkdir(join(runDir, 'child'), { recursive: true });
      },
    });
    const out = await runCases([c], options({ host: { ...host, cgroupMounts: mounts }, fs: hostFs(fsRoot) }));
    expect(out.results[0]!.status).toBe('pass');
    expect(runDir).toMatch(/oci-conform-[0-9a-f]{8}\/0-0$/);
    expect(existsSync(runDir)).toBe(false);
    expect(existsSync(join(runDir, '..'))).toBe(false);
    expect(existsSync(join(fsRoot, 'cg', 'elsewhere'))).toBe(true);
  });
});

describe('timeScale', () => {
  it('multiplies the deadline a case chose and the waits, but not an explicit caseTimeoutMs', async () => {
    const stuck = defineCase({
      ...base,
      id: 't.stuck',
      timeoutMs: 100,
      run: async () => void (await new Promise(() => undefined)),
    });
    const [scaled] = (await runCases([stuck], options({ timeScale: 3 }))).results;
    expect(scaled!.status).toBe('fail');
    expect(scaled!.findings[0]!.message).toMatch(/within 300 ms/);
    const { timeoutMs: _, ...noDeadline } = stuck;
    const [explicit] = (await runCases([noDeadline], options({ timeScale: 3, caseTimeoutMs: 150 }))).results;
    expect(explicit!.findings[0]!.message).toMatch(/within 150 ms/);
    let waited = 0;
    const wait = defineCase({
      ...base,
      id: 't.wait',
      run: async (ctx) => {
        const t0 = Date.now();
        expect(await ctx.waitForFile(join(dir, 'never-there'), { timeoutMs: 60 })).toBe(false);
        waited = Date.now() - t0;
      },
    });
    expect((await runCases([wait], options({ timeScale: 5 }))).results[0]!.status).toBe('pass');
    expect(waited).toBeGreaterThanOrEqual(300);
  });
});
