// Shared body of the whole-suite integration tests: runs every runtime case against a runtime on this host
// and checks the verdicts against a committed baseline, and that the run left nothing behind.
import { execFileSync } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import { dirsForCgroupsPath, existingDirs, hostFs } from '../../harness/runtime/cgroups.js';
import { parseStateOutput, RuntimeDriver } from '../../harness/runtime/driver.js';
import { applyBaseline, baselineWarning, loadBaseline } from '../../harness/runtime/expect.js';
import { preflight } from '../../harness/runtime/preflight.js';
import { runCases } from '../../harness/runtime/scheduler.js';
import { ensureProbe } from '../../harness/probe/locate.js';
import type { RuntimeCase } from '../../harness/runtime/case.js';
import { pinnedSkips, skipProblems } from './skips.fixtures.js';

/** First line of `bin --version`, or undefined when it does not run. */
export function versionOf(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** Processes whose root directory lies inside `dir` (a container left running). */
export async function processesRootedIn(dir: string): Promise<number[]> {
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

/** What a whole-suite run against a baseline found; every list is empty when all is as expected. */
export interface BaselineCheck {
  /**
   * Cases neither passing, skipped as pinned, nor an expected failure (a listed case with a finding the
   * baseline does not list is a new failure, here with its new findings first).
   */
  unexpected: { id: string; status: string; reason?: string; findings: string[] }[];
  /** Skips that differ from suites/runtime/skips.fixtures.ts (unexpected, other reason, pinned but ran). */
  skips: string[];
  /** Warnings about the baseline file itself (old format). */
  baselineWarnings: string[];
  /** Ids that failed as expected, sorted. */
  xfail: string[];
  /** The baseline's ids among the cases run (less the skipped ones), sorted: must equal `xfail`. */
  expectedXfail: string[];
  /** Tool-level errors of the run. */
  errors: string[];
  /** Cgroup dirs, processes and temp dirs of the run still there. */
  leftovers: string[];
}

/**
 * Runs `cases` against `runtime` (spec profile, the baseline's spec version, else 1.3.0), applies `baselineFile`, and reports what
 * differs from it and what the run left behind (a case skipped as pinned for this host is allowed, and
 * then not expected to fail; any other skip is reported).
 */
export async function checkAgainstBaseline(
  cases: RuntimeCase[],
  runtime: string,
  baselineFile: string,
): Promise<BaselineCheck> {
  const probe = await ensureProbe();
  const host = await preflight();
  // judged by the version the baseline was written for (the CLI's default for that runtime)
  const baseline = await loadBaseline(baselineFile);
  const driver = new RuntimeDriver({ runtime, root: '/unused' });
  // the features document, as `oci-conform run` passes it (features cases, declared-unsupported skips)
  const f = await driver.features();
  const features = f.exitCode === 0 ? (parseStateOutput(f.stdout).value ?? undefined) : undefined;
  const out = await runCases(cases, {
    driver,
    ...(features !== undefined ? { features } : {}),
    probe,
    host,
    specVersion: baseline.specVersion ?? '1.3.0',
    profile: 'spec',
  });
  const results = applyBaseline(out.results, baseline, { cgroupMode: host.cgroupMode });
  const unexpected = results
    .filter((r) => r.status !== 'pass' && r.status !== 'xfail' && r.status !== 'skip')
    .map((r) => ({
      id: r.id,
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
      findings: r.findings.map(
        (f) => `${f.baseline === 'new' ? 'new: ' : ''}${f.requirements.join(',')} [${f.check}]: ${f.message}`,
      ),
    }));
  const warning = baselineWarning(baseline, baselineFile);
  const skipped = new Set(results.filter((r) => r.status === 'skip').map((r) => r.id));
  const ids = new Set(cases.map((c) => c.id));
  const fs = hostFs();
  const leftovers = [
    ...(await existingDirs(fs, dirsForCgroupsPath(`/oci-conform-${out.runTag}`, host.cgroupMounts))),
    ...(await processesRootedIn(out.workDir)).map((p) => `process ${p}`),
    ...((await fs.exists(out.workDir)) ? [out.workDir] : []),
  ];
  return {
    unexpected,
    skips: skipProblems(results, pinnedSkips(host, { features: features !== undefined, document: features })),
    baselineWarnings: warning ? [warning] : [],
    xfail: results
      .filter((r) => r.status === 'xfail')
      .map((r) => r.id)
      .sort(),
    expectedXfail: baseline.expectedFailures
      .map((e) => e.id)
      .filter((id) => ids.has(id) && !skipped.has(id))
      .sort(),
    errors: out.errors,
    leftovers,
  };
}
