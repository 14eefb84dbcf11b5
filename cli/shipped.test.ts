// The command as shipped: runs ./oci-conform (the esbuild bundle, dist/cli/main.js) with each documented flag
// and asserts what the flag changes. Needs npm run build; the run flags need root and runc (skipped visibly).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { runCommand, type Outcome } from '../test/command.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = join(repo, 'oci-conform');
const built = existsSync(join(repo, 'dist/cli/main.js'));
const hasRunc = (() => {
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const runSkip = !built
  ? 'needs npm run build'
  : process.getuid?.() !== 0
    ? 'needs root'
    : !hasRunc
      ? 'needs runc on PATH'
      : null;

function cli(args: string[]): Promise<Outcome> {
  return runCommand(bin, args, repo, process.env);
}

async function json(args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const o = await cli([...args, '--reporter', 'json']);
  let report: Report;
  try {
    report = JSON.parse(o.stdout) as Report;
  } catch {
    throw new Error(
      `expected a JSON report (exit ${o.code}) but found: ${o.stdout.slice(0, 300)} ${o.stderr}`,
    );
  }
  return { code: o.code, report, stderr: o.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oci-conform-shipped-'));
  const base = {
    ociVersion: '1.0.2',
    root: { path: 'rootfs' },
    process: { cwd: '/', args: ['sh'], user: { uid: 0, gid: 0 } },
  };
  await writeFile(join(dir, 'good.json'), JSON.stringify(base));
  await writeFile(join(dir, 'annotated.json'), JSON.stringify({ ...base, annotations: { foo: 'bar' } }));
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...base, process: { ...base.process, args: [] } }));
  await writeFile(
    join(dir, 'hook.json'),
    JSON.stringify({ ...base, hooks: { prestart: [{ path: '/nonexistent/hook' }] } }),
  );
  await writeFile(
    join(dir, 'doc.json'),
    JSON.stringify({ ociVersion: '1.0.2', id: 'x', status: 'running', pid: 42, bundle: '/b' }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rules = (r: Report) => r.cases.flatMap((c) => c.findings.map((f) => f.rule));

describe.skipIf(!built)(
  `oci-conform validate as shipped${built ? '' : ' (skipped: needs npm run build)'}`,
  () => {
    it('--level: a SHOULD finding is a warning at must and fails the run at should and may', async () => {
      const file = join(dir, 'annotated.json');
      const codes: (number | null)[] = [];
      for (const level of ['must', 'should', 'may']) {
        const { code, report } = await json(['validate', '--level', level, file]);
        expect(rules(report)).toContain('config.annotations.key-reverse-domain');
        expect(report.level).toBe(level);
        codes.push(code);
      }
      expect(codes).toEqual([0, 1, 1]);
      expect((await cli(['validate', '--level', 'maybe', file])).code).toBe(2);
    });

    it('several files: each is reported, and one bad file fails the run', async () => {
      const { code, report } = await json(['validate', join(dir, 'good.json'), join(dir, 'bad.json')]);
      expect(code).toBe(1);
      expect(report.subject.paths).toEqual([join(dir, 'good.json'), join(dir, 'bad.json')]);
      const failing = new Set(report.cases.filter((c) => c.status === 'fail').map((c) => c.group));
      expect([...failing]).toEqual([join(dir, 'bad.json')]);
    });

    it('--kind: a state document is detected from its content; --kind config judges it as a config', async () => {
      const file = join(dir, 'doc.json');
      const detected = await json(['validate', file]);
      expect(detected.code).toBe(0);
      expect(detected.report.cases.map((c) => c.id)).toContain('state.pid-positive');
      const asConfig = await json(['validate', '--kind', 'config', file]);
      expect(asConfig.code).toBe(1);
      expect(asConfig.report.cases.map((c) => c.id)).not.toContain('state.pid-positive');
      expect(asConfig.report.cases.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['schema']);
      expect((await cli(['validate', '--kind', 'image', file])).code).toBe(2);
    });

    it('--host-specific: adds the checks against this host (a hook path that does not exist here)', async () => {
      const file = join(dir, 'hook.json');
      expect(rules((await json(['validate', file])).report)).not.toContain('host.hook-executable');
      expect(rules((await json(['validate', '--host-specific', file])).report)).toContain(
        'host.hook-executable',
      );
    });

    it('--spec-version: judges against that version instead of ociVersion', async () => {
      const file = join(dir, 'annotated.json');
      const own = await json(['validate', file]);
      expect(own.report.specVersion).toBe('1.0.2');
      const v = await json(['validate', '--spec-version', '1.2.0', file]);
      expect(v.report.specVersion).toBe('1.2.0');
      const links = v.report.cases.flatMap((c) => c.findings).map((f) => JSON.stringify(f));
      expect(links.join('\n')).not.toMatch(/v1\.0\.2/);
      expect((await cli(['validate', '--spec-version', 'latest', file])).code).toBe(2);
    });

    it('--max-warnings: more warnings than N fail the run, even with no error', async () => {
      const file = join(dir, 'annotated.json');
      expect((await cli(['validate', file])).code).toBe(0);
      expect((await cli(['validate', '--max-warnings', '1', file])).code).toBe(0);
      const gated = await cli(['validate', '--max-warnings', '0', file]);
      expect(gated.code).toBe(1);
      expect(gated.stdout).toMatch(/0 errors, 1 warning in 1 file/);
      const bad = await cli(['validate', '--max-warnings', 'many', file]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--max-warnings/);
    });

    it('--disable and --config: suppressed findings are counted apart and no longer gate', async () => {
      const file = join(dir, 'annotated.json');
      const off = await json(['validate', '--max-warnings', '0', '--disable', 'config.annotations.*', file]);
      expect(off.code).toBe(0);
      expect(off.report.totals.findings).toMatchObject({ warning: 0, suppressed: 1 });
      // by requirement id, exactly
      const byReq = await json(['validate', '--disable', 'config.annotations.keys-reverse-domain', file]);
      expect(byReq.report.totals.findings).toMatchObject({ warning: 0, suppressed: 1 });
      const policy = join(dir, 'policy.json');
      await writeFile(
        policy,
        JSON.stringify({ disable: ['config.annotations.key-reverse-domain'], maxWarnings: 0 }),
      );
      const viaFile = await json(['validate', '--config', policy, file]);
      expect(viaFile.code).toBe(0);
      expect(viaFile.report.totals.findings).toMatchObject({ warning: 0, suppressed: 1 });
      await writeFile(policy, JSON.stringify({ disable: 'config.*' }));
      const broken = await cli(['validate', '--config', policy, file]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/disable/);
    });

    it('--reporter sarif: one result per finding, with its rule, level and location', async () => {
      const o = await cli(['validate', '--reporter', 'sarif', join(dir, 'annotated.json')]);
      expect(o.code).toBe(0);
      const sarif = JSON.parse(o.stdout);
      expect(sarif.version).toBe('2.1.0');
      const results = sarif.runs[0].results;
      expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
        ['config.annotations.key-reverse-domain', 'warning'],
      ]);
      expect(results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 1 });
    });

    it('coverage: requirement totals per document, MUST apart, nothing run', async () => {
      const o = await cli(['coverage']);
      expect(o.code).toBe(0);
      const all = /^all\s+(\d+)\/(\d+) \([\d.]+%\)\s+(\d+)\/(\d+)/m.exec(o.stdout);
      expect(all, o.stdout.slice(-600)).not.toBeNull();
      const [covered, total, mustCovered, mustTotal] = all!.slice(1).map(Number);
      expect(covered).toBeGreaterThan(0);
      expect(covered).toBeLessThanOrEqual(total!);
      expect(mustCovered).toBeLessThanOrEqual(mustTotal!);
      expect(mustTotal).toBeLessThan(total!);
      expect((await cli(['coverage', '--spec-version', '0.9'])).code).toBe(2);
    });

    it('a reader that goes away early (| head) ends the output quietly, with the exit code of the run', async () => {
      const child = spawn(bin, ['coverage', '--reporter', 'json'], { cwd: repo });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/EPIPE|internal error/);
      expect(code).toBe(0);
    });
  },
);

describe.skipIf(runSkip !== null)(
  `oci-conform run as shipped${runSkip ? ` (skipped: ${runSkip})` : ''}`,
  () => {
    const one = ['--filter', 'lifecycle.state.unknown-id', '--no-compare'];

    it('without --runtime: runs the bundled reference runtime', async () => {
      const { code, report } = await json(['run', '--filter', 'lifecycle.state.unknown-id']);
      expect(code).toBe(0);
      expect(report.subject.paths[0]).toMatch(/reference-runtime\/bin\/oci-reference-runtime$/);
      expect(report.cases.map((c) => [c.id, c.status])).toEqual([['lifecycle.state.unknown-id', 'pass']]);
    });

    it('--progress: a line as each case starts and ends, though stderr is a pipe; none without it', async () => {
      const two = [
        '--filter',
        'lifecycle.state.unknown-id',
        '--filter',
        'lifecycle.state.pid-file',
        '--no-compare',
      ];
      const on = await cli(['run', '--runtime', 'runc', ...two, '--progress', '--reporter', 'json']);
      expect(on.code).toBe(0);
      const lines = on.stderr.split('\n').filter((l) => /^(start |\[\d)/.test(l));
      expect(lines.filter((l) => l.startsWith('start ')).sort()).toEqual([
        'start lifecycle.state.pid-file',
        'start lifecycle.state.unknown-id',
      ]);
      const ends = lines.filter((l) => l.startsWith('['));
      expect(ends.map((l) => l.replace(/^\[\d\/2\] /, '').replace(/ \([\d.]+ s\)$/, '')).sort()).toEqual([
        'pass lifecycle.state.pid-file',
        'pass lifecycle.state.unknown-id',
      ]);
      expect(ends.map((l) => l.slice(0, 5)).sort()).toEqual(['[1/2]', '[2/2]']);
      const off = await cli(['run', '--runtime', 'runc', ...two, '--reporter', 'json']);
      expect(off.code).toBe(0);
      expect(off.stderr).not.toMatch(/^start |\[\d\/2\]/m);
    });

    it('--runtime-arg: every runtime call gets the extra global argument', async () => {
      const { code, report } = await json(['run', '--runtime', 'runc', '--runtime-arg=--debug', ...one]);
      expect(code).toBe(0);
      const argvs = report.cases[0]!.evidence.commands!.map((c) => c.argv);
      expect(argvs.length).toBeGreaterThan(0);
      for (const a of argvs) expect(a.slice(1, 2)).toEqual(['--debug']);
    });

    it('--case-timeout: a case past its deadline fails with a case-deadline finding', async () => {
      const { code, report } = await json([
        'run',
        '--runtime',
        'runc',
        '--filter',
        'lifecycle.state.stopped-after-exit',
        '--no-compare',
        '--case-timeout',
        '1',
      ]);
      expect(code).toBe(1);
      expect(report.cases[0]!.status).toBe('fail');
      expect(report.cases[0]!.findings.map((f) => f.check)).toContain('case deadline');
    });

    it('--call-timeout: a runtime call that hangs is killed at the call deadline', async () => {
      const slow = join(dir, 'slow-state.sh');
      await writeFile(
        slow,
        '#!/bin/sh\nfor a in "$@"; do [ "$a" = state ] && sleep 20; done\nexec runc "$@"\n',
      );
      await chmod(slow, 0o755);
      const { report } = await json(['run', '--runtime', slow, ...one, '--call-timeout', '500']);
      const states = report.cases[0]!.evidence.commands!.filter((c) => c.argv.includes('state'));
      expect(states.length).toBeGreaterThan(0);
      for (const s of states) {
        expect(s.timedOut).toBe(true);
        // killed at the 500 ms deadline, not after the wrapper's 20 s sleep
        expect(s.durationMs).toBeLessThan(15_000);
      }
    });

    it('--config-version: the generated config.json declares that ociVersion', async () => {
      const log = join(dir, 'versions.log');
      const spy = join(dir, 'spy.sh');
      await writeFile(
        spy,
        `#!/bin/sh\nb=""; n=""\nfor a in "$@"; do [ "$n" = 1 ] && b="$a"; n=""; [ "$a" = --bundle ] && n=1; done\n` +
          `[ -n "$b" ] && node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).ociVersion)' "$b/config.json" >> ${log}\nexec runc "$@"\n`,
      );
      await chmod(spy, 0o755);
      const args = ['run', '--runtime', spy, '--filter', 'lifecycle.state.pid-file', '--no-compare'];
      expect((await cli(args)).code).toBe(0);
      expect((await cli([...args, '--config-version', '1.1.0'])).code).toBe(0);
      expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['1.0.2', '1.1.0']);
    });

    it('--probe: the cases run the given probe binary', async () => {
      const copy = join(dir, 'probe-copy');
      await copyFile(join(repo, 'harness/probe/build/probe'), copy);
      await chmod(copy, 0o755);
      const args = [
        'run',
        '--runtime',
        'runc',
        '--filter',
        'lifecycle.create.program-runs-at-start',
        '--no-compare',
      ];
      expect((await json([...args, '--probe', copy])).report.cases[0]!.status).toBe('pass');
      // a program that is not the probe: it never writes the marker file the case waits for
      const fake = join(dir, 'not-a-probe');
      await writeFile(fake, '#!/bin/sh\nexit 0\n');
      await chmod(fake, 0o755);
      const bad = await json([...args, '--probe', fake]);
      expect(bad.code).toBe(1);
      expect(bad.report.cases[0]!.findings.map((f) => f.check)).toContain('marker after start');
      expect((await cli([...args, '--probe', join(dir, 'missing')])).code).toBe(2);
    });

    it('--level may: a MAY finding (annotations missing from state) fails the run only at may', async () => {
      const wrapper = join(repo, 'test/wrappers/state-drops-annotations.sh');
      const args = ['run', '--runtime', wrapper, '--filter', 'lifecycle.state.annotations', '--no-compare'];
      const must = await json(args);
      expect(must.code).toBe(0);
      expect(must.report.cases[0]!.findings.map((f) => [f.level, f.severity])).toEqual([['may', 'warning']]);
      const may = await json([...args, '--level', 'may']);
      expect(may.code).toBe(1);
      expect(may.report.cases[0]!.status).toBe('fail');
    });

    it('--expect: runc dropping the poststop hooks is a new failure under the shipped runc baseline', async () => {
      const wrapper = join(repo, 'test/wrappers/drop-poststop.sh');
      const args = ['run', '--runtime', wrapper, '--filter', 'hooks.order-and-state', '--no-compare'];
      const { code, report } = await json([...args, '--expect', 'baselines/runc-1.1.5.json']);
      expect(code).toBe(1);
      const c = report.cases[0]!;
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/^new failure: 1 finding\(s\) the baseline does not list/);
      expect([c.findings[0]!.check, c.findings[0]!.baseline]).toEqual(['hooks.poststop', 'new']);
      expect(c.findings[0]!.requirements[0]).toBe('runtime.lifecycle.poststop-invoked');
      expect(c.findings.slice(1).every((f) => f.baseline === 'expected')).toBe(true);
      expect(report.totals.xfail).toBe(0);

      // --write-baseline records the run; the same run against it is an expected failure
      const file = join(dir, 'poststop-baseline.json');
      const w = await cli([...args, '--write-baseline', file]);
      expect(w.code).toBe(1);
      expect(w.stderr).toMatch(/wrote .*poststop-baseline\.json: 1 expected failure/);
      const written = JSON.parse(await readFile(file, 'utf8'));
      expect(written.format).toBe(2);
      expect(written.expectedFailures[0].reason).toBe('TODO: why this runtime fails');
      expect(written.expectedFailures[0].findings).toContainEqual(
        expect.objectContaining({
          requirement: 'runtime.lifecycle.poststop-invoked',
          check: 'hooks.poststop',
        }),
      );
      const again = await json([...args, '--expect', file]);
      expect(again.report.cases[0]!.status).toBe('xfail');
      expect(again.code).toBe(0);
    });
  },
);
