// Integration: every area case passes against runc (or fails with the findings the runc baseline lists), and fails
// against the test/wrappers/drop-<setting>.sh wrapper that removes its one setting before calling runc.
// Needs root and runc; skipped with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../model/report.js';
import { ensureProbe } from '../../harness/probe/locate.js';
import { parseStateOutput, RuntimeDriver } from '../../harness/runtime/driver.js';
import { preflight } from '../../harness/runtime/preflight.js';
import { runCases } from '../../harness/runtime/scheduler.js';
import { applyBaseline, loadBaseline } from '../../harness/runtime/expect.js';
import { pinnedSkips, skipProblems } from './skips.fixtures.js';
import { areaCases } from './areas.js';
import { breakers } from './breakers.fixtures.js';
import type { RuntimeCase } from '../../harness/runtime/case.js';

function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const runc = which('runc');
const isRoot = process.getuid?.() === 0;
const skipReason = !isRoot
  ? 'needs root'
  : !runc
    ? 'needs runc on PATH'
    : !which('node')
      ? 'needs node on PATH'
      : null;

const wrappers = resolve(import.meta.dirname, '../../test/wrappers');

/** Case id -> its drop wrapper and the requirements a run against it must fail. */
const dropOf = breakers;

async function runWith(
  runtime: string,
  cases: RuntimeCase[],
  specVersion = '1.3.0',
): Promise<CaseResult[] & { features?: unknown }> {
  const root = await mkdtemp(join(tmpdir(), 'oci-conform-areas-'));
  try {
    const host = await preflight();
    const probe = await ensureProbe();
    const driver = new RuntimeDriver({ runtime, root });
    // The features cases read the runtime's features document, as `oci-conform run` passes it.
    const f = await driver.features();
    const features = f.exitCode === 0 ? (parseStateOutput(f.stdout).value ?? undefined) : undefined;
    const out = await runCases(cases, {
      driver,
      ...(features !== undefined ? { features } : {}),
      probe,
      host,
      specVersion,
      profile: 'spec',
      jobs: 2,
    });
    expect(out.errors).toEqual([]);
    return Object.assign(out.results, { features });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const show = (r: CaseResult) =>
  `${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ''}\n${r.findings.map((f) => `  ${f.requirements.join(',')}: ${f.message}`).join('\n')}`;

describe('areaCases', () => {
  it('has unique ids, each prefixed by its group, in the known areas', () => {
    const ids = areaCases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of areaCases) {
      expect([
        'process',
        'filesystem',
        'namespaces',
        'devices',
        'hooks',
        'cgroups',
        'security',
        'features',
        'rdt',
        'network',
      ]).toContain(c.group);
      expect(c.id.startsWith(`${c.group}.`)).toBe(true);
      expect(c.requirements.length).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(skipReason !== null)(
  `area cases against runc and drop wrappers${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('every area case has a drop wrapper', () => {
      expect(Object.keys(dropOf).sort()).toEqual(areaCases.map((c) => c.id).sort());
      for (const { wrapper } of Object.values(dropOf)) expect(existsSync(join(wrappers, wrapper))).toBe(true);
    });

    it('runc: each case passes, or fails with exactly the findings baselines/runc-1.1.5.json lists', async () => {
      const baseline = await loadBaseline(resolve(import.meta.dirname, '../../baselines/runc-1.1.5.json'));
      const ran = await runWith(runc!, areaCases, baseline.specVersion);
      const results = applyBaseline(ran, baseline);
      const pins = pinnedSkips(await preflight(), { features: true, document: ran.features });
      expect(skipProblems(results, pins)).toEqual([]);
      const wrong = results.filter((r) => r.status !== 'pass' && r.status !== 'xfail' && r.status !== 'skip');
      expect(wrong.map(show)).toEqual([]);
    }, 180_000);

    it('each drop wrapper makes its case fail on the dropped setting', async () => {
      const pending = areaCases.map((c) => ({ c, drop: dropOf[c.id]! }));
      const results: [RuntimeCase, CaseResult][] = [];
      const problems: string[] = [];
      const host = await preflight();
      // Three wrappers at a time: each run is one case.
      while (pending.length) {
        const batch = pending.splice(0, 3);
        const done = await Promise.all(
          batch.map(({ c, drop }) => runWith(join(wrappers, drop.wrapper), [c])),
        );
        batch.forEach(({ c }, i) => {
          results.push([c, done[i]![0]!]);
          // the pins follow what each wrapper's features document lists
          const pins = pinnedSkips(host, { features: true, document: done[i]!.features });
          problems.push(...skipProblems([done[i]![0]!], pins));
        });
      }
      expect(problems).toEqual([]);
      for (const [c, r] of results) {
        if (r.status === 'skip') continue;
        // A breaker of a SHOULD-level requirement (cgroups.pids-zero) leaves the case passing with a warning.
        expect(r.status === 'fail' || r.findings.length > 0, show(r)).toBe(true);
        const failed = new Set(r.findings.flatMap((f) => f.requirements));
        for (const req of dropOf[c.id]!.fails) expect([...failed], show(r)).toContain(req);
      }
    }, 480_000);
  },
);
