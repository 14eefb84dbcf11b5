// The lifecycle suite against the real runtimes of the CI machine (root, runc 1.1.5, crun 1.8.1): verdicts
// must equal the committed baselines, and nothing may be left behind.
import { execFileSync } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dirsForCgroupsPath, existingDirs, hostFs } from '../../../harness/runtime/cgroups.js';
import { RuntimeDriver } from '../../../harness/runtime/driver.js';
import { applyBaseline, loadBaseline } from '../../../harness/runtime/expect.js';
import { preflight } from '../../../harness/runtime/preflight.js';
import { runCases } from '../../../harness/runtime/scheduler.js';
import { ensureProbe } from '../../../harness/probe/locate.js';
import { lifecycleCases } from './index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const isRoot = process.getuid?.() === 0;

function versionOf(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 5000 }).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** Processes whose root directory lies inside `dir` (a container left running). */
async function processesRootedIn(dir: string): Promise<number[]> {
  const out: number[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const root = await readlink(`/proc/${e}/root`);
      if (root.startsWith(dir)) out.push(Number(e));
    } catch {
      /* gone, or a kernel thread */
    }
  }
  return out;
}

const runtimes = [
  { name: 'runc', bin: 'runc', want: /^runc version 1\.1\.5/, baseline: 'baselines/runc-1.1.5.json' },
  {
    name: 'crun',
    bin: 'crun',
    wrapper: `${repo}test/wrappers/crun-hybrid.sh`,
    want: /^crun version 1\.8\.1/,
    baseline: 'baselines/crun-1.8.1.json',
  },
];

for (const rt of runtimes) {
  const version = versionOf(rt.bin);
  const skip = !isRoot
    ? 'not root'
    : !version
      ? `${rt.bin} not installed`
      : !rt.want.test(version)
        ? `baseline is for ${rt.want}, found ${version}`
        : null;
  describe(`lifecycle suite against ${rt.name}`, () => {
    it.skipIf(skip !== null)(
      `verdicts equal ${rt.baseline}${skip ? ` (skipped: ${skip})` : ''}`,
      async () => {
        const probe = await ensureProbe();
        const host = await preflight();
        const out = await runCases(lifecycleCases, {
          driver: new RuntimeDriver({ runtime: rt.wrapper ?? rt.bin, root: '/unused' }),
          probe,
          host,
          specVersion: '1.3.0',
          profile: 'spec',
        });
        const baseline = await loadBaseline(`${repo}${rt.baseline}`);
        const results = applyBaseline(out.results, baseline);
        const unexpected = results
          .filter((r) => r.status !== 'pass' && r.status !== 'xfail')
          .map((r) => ({
            id: r.id,
            status: r.status,
            reason: r.reason,
            findings: r.findings.map((f) => f.message),
          }));
        expect(unexpected).toEqual([]);
        expect(
          results
            .filter((r) => r.status === 'xfail')
            .map((r) => r.id)
            .sort(),
        ).toEqual(
          baseline.expectedFailures
            .map((e) => e.id)
            .filter((id) => id.startsWith('lifecycle.'))
            .sort(),
        );
        expect(out.errors).toEqual([]);
        // Nothing left: no cgroup dir of the run, no process rooted in its temp dir, no temp dir.
        const fs = hostFs();
        expect(
          await existingDirs(fs, dirsForCgroupsPath(`/oci-conform-${out.runTag}`, host.cgroupMounts)),
        ).toEqual([]);
        expect(await processesRootedIn(out.workDir)).toEqual([]);
        expect(await fs.exists(out.workDir)).toBe(false);
      },
      120_000,
    );
  });
}
