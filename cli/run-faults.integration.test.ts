// Integration: `oci-conform run` against the faulty runtimes of test/faults/ (wrappers of runc that hang,
// crash, print garbage, leak a host process, or are merely slow), a few lifecycle cases each. Every run ends
// within a bound derived from its timeouts, the cases that met the fault fail with the command and how it
// ended, the exit code is 1 (0 for the slow runtime), never 3, and nothing is left on the host.
// Needs root and runc; skipped with the reason otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, CommandRecord, Report } from '../model/report.js';
import { ensureProbe } from '../harness/probe/locate.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const faults = join(repo, 'test/faults');
const hasRunc = (() => {
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skipReason = process.getuid?.() !== 0 ? 'needs root' : !hasRunc ? 'needs runc on PATH' : null;

/** The part of the suite each faulty runtime meets: create, start, state polls, kill, delete. */
const cases = [
  'lifecycle.state.transitions',
  'lifecycle.state.stopped-after-exit',
  'lifecycle.delete.id-reuse',
];
const callTimeoutMs = 4000;
const caseTimeoutMs = 12_000;
/**
 * The bound on a whole run: every case runs at once (--jobs), so one case deadline plus one teardown
 * (kill and delete --force at the call timeout each, and 5 s of its own), with a generous factor for a
 * loaded machine and the CLI's start-up.
 */
const runBoundMs = 3 * (caseTimeoutMs + 2 * callTimeoutMs + 5000) + 30_000;

interface Outcome {
  code: number | null;
  wallMs: number;
  report: Report;
  stderr: string;
  tmp: string;
}

let work: string;
beforeAll(async () => {
  if (skipReason) return;
  work = await mkdtemp(join(tmpdir(), 'run-faults-test-'));
  await ensureProbe();
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the CLI (as a separate process, its temp dir in a fresh TMPDIR) against a runtime. */
async function runAgainst(runtime: string, extra: string[] = []): Promise<Outcome> {
  const tmp = await mkdtemp(join(work, 't-'));
  const file = join(tmp, 'report.json');
  const argv = [
    '--import',
    'tsx',
    join(repo, 'cli/main.ts'),
    'run',
    '--runtime',
    runtime,
    '--no-compare',
    ...cases.flatMap((c) => ['--filter', c]),
    '--jobs',
    String(cases.length),
    '--call-timeout',
    String(callTimeoutMs),
    '--case-timeout',
    String(caseTimeoutMs),
    '--reporter',
    `json=${file}`,
    ...extra,
  ];
  const t0 = Date.now();
  const child = spawn(process.execPath, argv, {
    cwd: repo,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const wallMs = Date.now() - t0;
  const report = JSON.parse(await readFile(file, 'utf8')) as Report;
  return { code, wallMs, report, stderr, tmp };
}

/** The run's tag (the suffix of every container id). */
function runTag(report: Report): string {
  const tag = report.cases
    .flatMap((c) => c.evidence.commands ?? [])
    .map((c) => /-([0-9a-f]{8})$/.exec(c.argv.at(-1) ?? '')?.[1])
    .find(Boolean);
  expect(tag, 'a container id in the evidence').toBeDefined();
  return tag!;
}

/**
 * What the run left on the host: run dirs, cgroups, live processes (a zombie holds nothing), mounts,
 * containers runc still lists. A process killed at the very end may take a moment to be gone: what is
 * still there after a short grace is left.
 */
async function leftovers(o: Outcome, tag = runTag(o.report)): Promise<string[]> {
  let left = await leftoversNow(o, tag);
  for (let i = 0; i < 4 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 250));
    left = await leftoversNow(o, tag);
  }
  return left;
}

async function leftoversNow(o: Outcome, tag: string): Promise<string[]> {
  const left: string[] = [];
  for (const e of await readdir(o.tmp)) if (e.startsWith('oci-conform-')) left.push(`dir ${e}`);
  for (const h of await readdir('/sys/fs/cgroup')) {
    const d = join('/sys/fs/cgroup', h, `oci-conform-${tag}`);
    if (existsSync(d)) left.push(`cgroup ${d}`);
  }
  for (const p of await readdir('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    const cg = await readFile(`/proc/${p}/cgroup`, 'utf8').catch(() => '');
    const root = await readlink(`/proc/${p}/root`).catch(() => '');
    if (new RegExp(`/oci-conform-${tag}(/|\n|$)`).test(cg) || root.startsWith(o.tmp))
      left.push(`process ${p} (${stat.slice(0, 60)})`);
  }
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  for (const line of mountinfo.split('\n'))
    if ((line.split(' ')[4] ?? '').startsWith(o.tmp)) left.push(`mount ${line.split(' ')[4]}`);
  const roots = new Set(
    o.report.cases
      .flatMap((c) => c.evidence.commands ?? [])
      .map((c) => c.argv[c.argv.indexOf('--root') + 1])
      .filter((r): r is string => r !== undefined),
  );
  for (const root of roots) {
    const listed = execFileSync('runc', ['--root', root, 'list', '-q'], { encoding: 'utf8' }).trim();
    if (listed) left.push(`container ${listed} in ${root}`);
  }
  return left;
}

/** The commands of a case running `op` (the subcommand after the global args). */
function callsOf(r: CaseResult, op: string): CommandRecord[] {
  return (r.evidence.commands ?? []).filter((c) => c.argv[c.argv.indexOf('--root') + 2] === op);
}

const show = (o: Outcome) =>
  `exit ${o.code} in ${o.wallMs} ms\n${o.report.cases
    .map(
      (r) =>
        `${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ''}\n${r.findings.map((f) => `  [${f.check}] ${f.message}`).join('\n')}`,
    )
    .join('\n')}\nerrors: ${(o.report.errors ?? []).join('; ')}\n${o.stderr.slice(-2000)}`;

/** Asserts what every faulty run must show: bounded time, exit 1, every case failed, no tool error, nothing left. */
async function expectFaultRun(o: Outcome): Promise<void> {
  expect(o.wallMs, show(o)).toBeLessThan(runBoundMs);
  expect(o.code, show(o)).toBe(1);
  expect(o.report.errors ?? [], show(o)).toEqual([]);
  expect(o.report.cases.map((r) => r.id).sort()).toEqual([...cases].sort());
  for (const r of o.report.cases) expect(r.status, show(o)).toBe('fail');
  expect(await leftovers(o)).toEqual([]);
}

/** Every case has a finding located at an `op` command that ended as `ended` says. */
function expectEvidence(o: Outcome, op: string, ended: (c: CommandRecord) => boolean): void {
  for (const r of o.report.cases) {
    const located = r.findings.filter(
      (f) => f.location.kind === 'command' && f.location.argv[f.location.argv.indexOf('--root') + 2] === op,
    );
    expect(located.length, `${r.id}: a finding at its ${op} command\n${show(o)}`).toBeGreaterThan(0);
    expect(
      callsOf(r, op).some(ended),
      `${r.id}: the evidence has the ${op} command as it ended\n${show(o)}`,
    ).toBe(true);
  }
}

const timedOut = (c: CommandRecord) => c.timedOut && c.exitCode === null;
const segfaulted = (c: CommandRecord) => !c.timedOut && c.signal === 'SIGSEGV';

describe.skipIf(skipReason !== null)(
  `run against faulty runtimes${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it.each([
      ['hang-create.sh', 'create'],
      ['hang-start.sh', 'start'],
      ['hang-kill.sh', 'kill'],
      ['hang-ignores-term.sh', 'start'],
    ])(
      '%s: the %s call is killed at the call timeout; every case fails with it, exit 1, nothing left',
      async (wrapper, op) => {
        const o = await runAgainst(join(faults, wrapper));
        await expectFaultRun(o);
        expectEvidence(o, op, timedOut);
        for (const r of o.report.cases)
          for (const c of callsOf(r, op).filter(timedOut))
            // killed at its deadline (the call timeout, or what was left of the case's or teardown's)
            expect(c.durationMs, show(o)).toBeLessThan(callTimeoutMs * 3);
      },
      240_000,
    );

    it('hang-delete.sh: a delete --force that never answers is a teardown finding on the case, not a tool error', async () => {
      const o = await runAgainst(join(faults, 'hang-delete.sh'));
      await expectFaultRun(o);
      expectEvidence(o, 'delete', timedOut);
      for (const r of o.report.cases) {
        const f = r.findings.find((x) => x.check === 'teardown delete --force');
        expect(f?.requirements, show(o)).toEqual(['runtime.delete.removes-created-resources']);
        expect(f?.location.kind === 'command' && f.location.argv.includes('--force')).toBe(true);
      }
    }, 240_000);

    it('hang-state.sh: state calls time out; every case fails with them in its evidence', async () => {
      const o = await runAgainst(join(faults, 'hang-state.sh'));
      await expectFaultRun(o);
      for (const r of o.report.cases) expect(callsOf(r, 'state').some(timedOut), show(o)).toBe(true);
    }, 240_000);

    it.each([
      ['crash-start.sh', 'start'],
      ['crash-after-create.sh', 'create'],
    ])(
      '%s: the %s call dies by SIGSEGV; every case fails with it, the container is torn down, exit 1',
      async (wrapper, op) => {
        const o = await runAgainst(join(faults, wrapper));
        await expectFaultRun(o);
        expectEvidence(o, op, segfaulted);
        for (const r of o.report.cases) {
          const f = r.findings.find((x) => x.location.kind === 'command');
          expect(f?.actual, show(o)).toBe('killed by SIGSEGV');
        }
      },
      240_000,
    );

    it('state-garbage.sh: state exits 0 with text that is not JSON; the finding is at the state command', async () => {
      const o = await runAgainst(join(faults, 'state-garbage.sh'));
      await expectFaultRun(o);
      expectEvidence(o, 'state', (c) => c.exitCode === 0 && /panic/.test(c.stdout));
      for (const r of o.report.cases)
        expect(r.findings.some((f) => f.check === 'state output' && /unparsable/.test(f.message))).toBe(true);
    }, 240_000);

    it('state-64mb.sh: 64 MiB on state is cut to a bounded part (or the call times out), never kept whole', async () => {
      const o = await runAgainst(join(faults, 'state-64mb.sh'));
      await expectFaultRun(o);
      for (const r of o.report.cases) {
        const states = callsOf(r, 'state');
        expect(states.length).toBeGreaterThan(0);
        // under load a 64 MiB answer may outlast the call timeout; either way the case has the evidence
        for (const c of states) {
          expect(c.stdout.length).toBeLessThanOrEqual(4001);
          if (!c.timedOut) expect(c.outputBytes?.stdout, show(o)).toBe(64 * 1024 * 1024);
        }
      }
      const cut = o.report.cases.flatMap((r) => r.findings).filter((f) => f.check === 'state output');
      for (const f of cut) expect(f.message).toMatch(/printed 67108864 bytes on stdout/);
    }, 240_000);

    it('leak-process.sh: the host process left at create is found in the call cgroup, reported and killed', async () => {
      const o = await runAgainst(join(repo, 'test/wrappers/leak-process.sh'));
      await expectFaultRun(o);
      for (const r of o.report.cases) {
        const leaks = r.findings.filter((f) => f.rule === `${r.id}.leftovers`);
        expect(leaks.length, show(o)).toBeGreaterThan(0);
        for (const f of leaks) {
          expect(f.requirements).toEqual(['runtime.delete.removes-created-resources']);
          const { pid, cmdline } = f.actual as { pid: number; cmdline: string };
          expect(cmdline).toBe('sleep 300');
          const state = await readFile(`/proc/${pid}/stat`, 'utf8').then(
            (s) => s.slice(s.lastIndexOf(')') + 2).split(' ')[0],
            () => 'gone',
          );
          expect(['gone', 'Z']).toContain(state);
        }
      }
    }, 240_000);

    it('a run killed by SIGKILL with live containers is swept by the next: no container, process, cgroup, mount or dir left', async () => {
      const tmp = await mkdtemp(join(work, 'k-'));
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repo, 'cli/main.ts'), 'run', '--runtime', 'runc', '--no-compare'].concat([
          '--filter',
          'lifecycle.kill.*',
          '--filter',
          'lifecycle.state.*',
          '--jobs',
          '3',
        ]),
        { cwd: repo, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' },
      );
      const exited = new Promise((r) => child.on('exit', r));
      // live: a container exists in a case's --root
      const runDir = async () => (await readdir(tmp)).find((d) => d.startsWith('oci-conform-'));
      const containers = async () => {
        const d = await runDir();
        if (!d) return 0;
        const roots = await readdir(join(tmp, d, 'r')).catch(() => [] as string[]);
        let n = 0;
        for (const r of roots) n += (await readdir(join(tmp, d, 'r', r)).catch(() => [])).length;
        return n;
      };
      const deadline = Date.now() + 60_000;
      while ((await containers()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await containers()).toBeGreaterThan(0);
      const d = (await runDir())!;
      const { runTag } = JSON.parse(await readFile(join(tmp, d, 'owner.json'), 'utf8')) as { runTag: string };
      child.kill('SIGKILL');
      await exited;
      // the dead run left its dir (and with it containers, processes and cgroups)
      expect(existsSync(join(tmp, d))).toBe(true);
      const { sweepDeadRuns, sweepStaleCgroupParents } = await import('../harness/runtime/sweep.js');
      const { cgroupMounts, hostFs } = await import('../harness/runtime/cgroups.js');
      const mounts = await cgroupMounts(hostFs());
      const swept = [
        ...(await sweepDeadRuns(tmp, hostFs(), mounts)),
        ...(await sweepStaleCgroupParents(hostFs(), mounts)),
      ];
      expect(swept.join('\n')).toMatch(new RegExp(`swept dead run ${runTag} .*container`));
      expect(swept.join('\n')).not.toMatch(/could not remove/);
      expect(
        await leftovers(
          { code: null, wallMs: 0, report: { cases: [] } as unknown as Report, stderr: '', tmp },
          runTag,
        ),
      ).toEqual([]);
    }, 240_000);

    it('slow.sh: a runtime that takes 0.3 s per call passes, exit 0, nothing left', async () => {
      // the run's default deadlines: a slow runtime on a loaded machine is still conformant
      const o = await runAgainst(join(faults, 'slow.sh'), [
        '--call-timeout',
        '20000',
        '--case-timeout',
        '60000',
      ]);
      expect(o.code, show(o)).toBe(0);
      for (const r of o.report.cases) expect(r.status, show(o)).toBe('pass');
      // every call took the extra 0.3 s (the wrapper was really in the way)
      const calls = o.report.cases.flatMap((r) => r.evidence.commands ?? []);
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) expect(c.durationMs).toBeGreaterThanOrEqual(300);
      expect(await leftovers(o)).toEqual([]);
    }, 240_000);
  },
);
