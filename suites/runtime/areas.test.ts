// Integration: every area case passes against runc (or fails exactly as the runc baseline says), and fails
// against the test/wrappers/drop-<setting>.sh wrapper that removes its one setting before calling runc.
// Needs root and runc; skipped with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../model/report.js';
import { ensureProbe } from '../../harness/probe/locate.js';
import { parseStateOutput, RuntimeDriver } from '../../harness/runtime/driver.js';
import { preflight } from '../../harness/runtime/preflight.js';
import { runCases } from '../../harness/runtime/scheduler.js';
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

/**
 * Known runc 1.1.5 failures of these cases, with the requirements they may break. The baseline file
 * (baselines/runc-1.1.5.json) is read too; this list covers cases not yet recorded there.
 */
const runcKnown: Record<string, string[]> = {
  // runc <= 1.1 runs poststart hooks during create, before startContainer (fixed in runc 1.2).
  'hooks.order-and-state': ['config.hooks.poststart.timing', 'runtime.state.status-running'],
  // runc 1.1.5 (spec 1.0.2-dev) accepts a 1.1.0 config with domainname and silently leaves it unset.
  'namespaces.domainname': ['config.domainname'],
};

function baselineFailures(): Record<string, string[] | undefined> {
  const file = resolve(import.meta.dirname, '../../baselines/runc-1.1.5.json');
  if (!existsSync(file)) return {};
  const b = JSON.parse(readFileSync(file, 'utf8')) as {
    expectedFailures: { id: string; requirements?: string[] }[];
  };
  return Object.fromEntries(b.expectedFailures.map((e) => [e.id, e.requirements]));
}

async function runWith(runtime: string, cases: RuntimeCase[]): Promise<CaseResult[]> {
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
      specVersion: '1.3.0',
      profile: 'spec',
      jobs: 2,
    });
    expect(out.errors).toEqual([]);
    return out.results;
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
      expect(['process', 'filesystem', 'namespaces', 'hooks', 'cgroups', 'security', 'features']).toContain(
        c.group,
      );
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

    it('runc: each case passes, or fails only on the requirements known for runc 1.1.5', async () => {
      const known = { ...baselineFailures(), ...runcKnown };
      const results = await runWith(runc!, areaCases);
      for (const r of results) {
        if (r.status === 'skip') continue;
        if (r.id in known) {
          expect(r.status, show(r)).toBe('fail');
          const allowed = known[r.id];
          if (allowed)
            for (const f of r.findings)
              expect(allowed, show(r)).toEqual(expect.arrayContaining(f.requirements));
        } else {
          expect(r.status, show(r)).toBe('pass');
        }
      }
    }, 120_000);

    it('each drop wrapper makes its case fail on the dropped setting', async () => {
      const pending = areaCases.map((c) => ({ c, drop: dropOf[c.id]! }));
      const results: [RuntimeCase, CaseResult][] = [];
      // Two wrappers at a time: each run is one case.
      while (pending.length) {
        const batch = pending.splice(0, 2);
        const done = await Promise.all(
          batch.map(({ c, drop }) => runWith(join(wrappers, drop.wrapper), [c])),
        );
        batch.forEach(({ c }, i) => results.push([c, done[i]![0]!]));
      }
      for (const [c, r] of results) {
        if (r.status === 'skip') continue;
        expect(r.status, show(r)).toBe('fail');
        const failed = new Set(r.findings.flatMap((f) => f.requirements));
        for (const req of dropOf[c.id]!.fails) expect([...failed], show(r)).toContain(req);
      }
    }, 180_000);
  },
);
