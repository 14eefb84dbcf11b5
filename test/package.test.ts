// The package as a user installs it: npm pack, npm install of the tarball into an empty temp project,
// then every command run from there (validate, validate-image, bundle; run as root: the reference
// runtime by default and runc, and exit 3 when the probe or the reference cannot be built).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { runCommand, type Outcome } from './command.js';
import { LayoutBuilder, makeTar } from '../harness/image/testing.js';
import { baseConfig } from '../suites/config/test/base.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const exec = promisify(execFile);
const hasRunc = await exec('runc', ['--version']).then(
  () => true,
  () => false,
);
const runSkip = process.getuid?.() !== 0 ? 'needs root' : !hasRunc ? 'needs runc on PATH' : false;

let work: string; // the temp project
let pkg: string; // node_modules/oci-conform inside it
let tarball: string;

/** Runs the installed `oci-conform` (node_modules/.bin) in the temp project. */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  return runCommand(join(work, 'node_modules', '.bin', 'oci-conform'), args, work, env);
}

function report(o: Outcome): Report {
  try {
    return JSON.parse(o.stdout) as Report;
  } catch {
    throw new Error(
      `expected a JSON report (exit ${o.code}) but found: ${o.stdout.slice(0, 300)} ${o.stderr}`,
    );
  }
}

beforeAll(async () => {
  // The bundles were remade by vitest's global setup (test/reference-bundle.setup.ts).
  work = await mkdtemp(join(tmpdir(), 'oci-conform-pkg-'));
  const packed = await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: repo });
  tarball = join(work, packed.stdout.trim().split('\n').pop()!);
  await writeFile(
    join(work, 'package.json'),
    JSON.stringify({ name: 'pkg-test', private: true, type: 'module' }),
  );
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: work,
    timeout: 180_000,
  });
  pkg = join(work, 'node_modules', 'oci-conform');
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds what the commands run and no sources, tests or build outputs of this machine', async () => {
    const listed = await exec('tar', ['-tzf', tarball]);
    const files = listed.stdout.trim().split('\n');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/reference-runtime/oci-reference-runtime.mjs');
    expect(files).toContain('package/reference-runtime/init/oci-ref-init.c');
    expect(files).toContain('package/harness/probe/src/main.c');
    expect(files.filter((f) => /\.test\.ts$|\/build\/|\.stamp$/.test(f))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // nothing a benchmark alone uses is installed for users
    for (const d of ['tar-stream', 'jsonc-parser', '@humanwhocodes/momoa'])
      expect(Object.keys(manifest.dependencies)).not.toContain(d);
    // and what the shipped code imports is installed (a bare import the bundle keeps external)
    expect(Object.keys(manifest.dependencies)).toContain('execa');
  });

  it('validate: exit 0 on a clean config, 1 with the finding on a broken one', async () => {
    await writeFile(join(work, 'good.json'), JSON.stringify(baseConfig()));
    const bad = baseConfig();
    delete bad.process.cwd;
    await writeFile(join(work, 'bad.json'), JSON.stringify(bad));
    const good = await cli(['validate', '--reporter', 'json', 'good.json']);
    expect(good.code, good.stderr).toBe(0);
    expect(report(good).totals.findings.error).toBe(0);
    const broken = await cli(['validate', '--reporter', 'json', 'bad.json']);
    expect(broken.code).toBe(1);
    const findings = report(broken).cases.flatMap((c) => c.findings);
    const pointers = findings.map((f) => ('pointer' in f.location ? f.location.pointer : ''));
    expect(pointers.some((p) => p === '/process' || p === '/process/cwd')).toBe(true);
  });

  it('validate-image and bundle: an image layout checked, then converted into a bundle', async () => {
    const layout = new LayoutBuilder();
    layout.image(
      [
        makeTar([
          { name: 'etc/', type: 'dir' },
          { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' },
        ]),
      ],
      { ref: 'v1' },
    );
    await layout.write(join(work, 'layout'));
    const v = await cli(['validate-image', '--reporter', 'json', 'layout']);
    expect(v.code, v.stderr).toBe(0);
    expect(report(v).subject.kind).toBe('image');
    const b = await cli(['bundle', 'layout', 'bundle-out', '--ref', 'v1']);
    expect(b.code, b.stderr).toBe(0);
    expect(await readFile(join(work, 'bundle-out', 'rootfs', 'etc', 'passwd'), 'utf8')).toContain(
      'root:x:0:0',
    );
    const config = JSON.parse(await readFile(join(work, 'bundle-out', 'config.json'), 'utf8')) as {
      root: { path: string };
    };
    expect(config.root.path).toBe('rootfs');
  });

  it('the API: every function from the installed package returns what the CLI reports', async () => {
    // The README's examples, in one module (the shipped types are checked by attw in npm run lint).
    const example = `import { listCases, toBundle, validateConfig, validateImage } from 'oci-conform';
const config = await validateConfig('bad.json', { level: 'should' });
const image = await validateImage('layout', { ref: 'v1' });
const bundle = await toBundle('layout', 'api-bundle', { ref: 'v1' });
const cases = await listCases({ filter: ['lifecycle.kill.*'] });
let rejected = '';
await validateConfig('good.json', { level: 'sometimes' }).catch((e) => (rejected = e.exitCode + ' ' + e.message));
console.log(JSON.stringify({ config, image, bundle, cases, rejected }));
`;
    await writeFile(join(work, 'example.mjs'), example);
    const out = await exec(process.execPath, ['example.mjs'], { cwd: work });
    const r = JSON.parse(out.stdout) as {
      config: Report;
      image: Report;
      bundle: { manifestDigest: string; layers: unknown[] };
      cases: { id: string }[];
      rejected: string;
    };
    // The same report the JSON reporter writes for the same input.
    const cliReport = report(await cli(['validate', '--level', 'should', '--reporter', 'json', 'bad.json']));
    const stable = (x: Report) => ({
      ...x,
      startedAt: '',
      durationMs: 0,
      subject: { ...x.subject, paths: [] },
    });
    expect(stable(r.config)).toEqual(stable(cliReport));
    expect(r.config.exitCode).toBe(1);
    expect(r.image.exitCode).toBe(0);
    expect(r.bundle.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(existsSync(join(work, 'api-bundle', 'rootfs', 'etc', 'passwd'))).toBe(true);
    expect(r.cases.length).toBeGreaterThan(0);
    expect(r.cases.every((c) => c.id.startsWith('lifecycle.kill.'))).toBe(true);
    expect(r.rejected).toMatch(/^2 oci-conform validate: --level: expected one of/);
  }, 120_000);

  describe.skipIf(runSkip)('run', () => {
    // Two cases keep it short (a container that runs, and state's bundle field).
    const filter = [
      '--filter',
      'lifecycle.create.program-runs-at-start',
      '--filter',
      'lifecycle.state.bundle',
    ];

    it('exits 3 with the reason when cc is missing and the native parts are not built yet', async () => {
      // PATH with node and sh only: the first use cannot build the probe.
      const bin = join(work, 'nocc');
      await mkdir(bin);
      await symlink(process.execPath, join(bin, 'node'));
      const env = { ...process.env, PATH: `${bin}:/usr/sbin:/sbin` };
      const noProbe = await cli(['run', ...filter], env);
      expect(noProbe.code).toBe(3);
      expect(noProbe.stderr).toMatch(/building the probe needs a C compiler: expected cc on PATH/);
      expect(noProbe.stdout).not.toMatch(/pass|fail/);
      // With a probe given, the reference's init is what cannot be built: the reference cannot start.
      const probe = join(repo, 'harness', 'probe', 'build', 'probe');
      const noInit = await cli(['run', '--probe', probe, ...filter], env);
      expect(noInit.code).toBe(3);
      expect(noInit.stderr).toMatch(
        /the bundled reference runtime cannot start: building the reference runtime's init needs a C compiler/,
      );
      expect(existsSync(join(pkg, 'harness', 'probe', 'build', 'probe'))).toBe(false);
    }, 120_000);

    it('runs the reference runtime by default, building the probe and init on first use', async () => {
      const o = await cli(['run', ...filter, '--reporter', 'json']);
      expect(o.code, o.stderr).toBe(0);
      const r = report(o);
      expect(r.cases.length).toBeGreaterThan(0);
      expect(r.cases.map((c) => c.status)).toEqual(r.cases.map(() => 'pass'));
      expect(r.subject.paths?.[0]).toBe(join(pkg, 'reference-runtime', 'bin', 'oci-reference-runtime'));
      expect(existsSync(join(pkg, 'harness', 'probe', 'build', 'probe.stamp'))).toBe(true);
      expect(existsSync(join(pkg, 'reference-runtime', 'init', 'build', 'oci-ref-init.stamp'))).toBe(true);
    }, 180_000);

    it('runSuite from the API: the report, and onCase once per case', async () => {
      await writeFile(
        join(work, 'run.mjs'),
        `import { runSuite } from 'oci-conform';
const seen = [];
const report = await runSuite({ runtime: 'runc', compare: false, filter: ${JSON.stringify(filter.filter((a) => a !== '--filter'))}, jobs: 2, onCase: (c, done, total) => seen.push([c.id, done, total]) });
console.log(JSON.stringify({ report, seen }));
`,
      );
      const out = await exec(process.execPath, ['run.mjs'], { cwd: work });
      const { report: r, seen } = JSON.parse(out.stdout) as {
        report: Report;
        seen: [string, number, number][];
      };
      expect(r.command).toBe('run');
      expect(r.exitCode).toBe(0);
      expect(seen.map((s) => s[0]).sort()).toEqual(r.cases.map((c) => c.id).sort());
      expect(seen.map((s) => s[1])).toEqual(r.cases.map((_, i) => i + 1));
      expect(new Set(seen.map((s) => s[2]))).toEqual(new Set([r.cases.length]));
    }, 180_000);

    it('runs runc, compared with the reference runtime', async () => {
      const o = await cli(['run', '--runtime=runc', ...filter, '--no-reference-cache', '--reporter', 'json']);
      expect(o.code, o.stderr).toBe(0);
      const r = report(o);
      expect(r.subject.runtimeVersion).toMatch(/runc/);
      expect(r.comparison?.compared).toBe(r.cases.length);
    }, 180_000);

    it('exits 3 without verdicts when the bundled reference runtime cannot start', async () => {
      const bundle = join(pkg, 'dist', 'reference-runtime', 'oci-reference-runtime.mjs');
      await rename(bundle, `${bundle}.away`);
      try {
        const o = await cli(['run', ...filter, '--reporter', 'json']);
        expect(o.code).toBe(3);
        expect(o.stderr).toMatch(
          /the bundled reference runtime cannot start: .*the reference runtime is not built/,
        );
        expect(o.stdout).toBe('');
      } finally {
        await rename(`${bundle}.away`, bundle);
      }
    }, 120_000);
  });
});
