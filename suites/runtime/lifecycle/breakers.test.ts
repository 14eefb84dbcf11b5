// Integration: every lifecycle case fails, on the requirements it checks, against the test/wrappers/ script
// that breaks the operation it is about (state that lies, kill that does nothing, delete that forces...).
// Needs root and runc; skipped with the reason otherwise. The cases of one wrapper run in one batch.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../model/report.js';
import { ensureProbe } from '../../../harness/probe/locate.js';
import { RuntimeDriver } from '../../../harness/runtime/driver.js';
import { preflight } from '../../../harness/runtime/preflight.js';
import { runCases } from '../../../harness/runtime/scheduler.js';
import { lifecycleBreakers } from './breakers.fixtures.js';
import { lifecycleCases } from './index.js';

function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const wrappers = resolve(import.meta.dirname, '../../../test/wrappers');
const skipReason =
  process.getuid?.() !== 0
    ? 'needs root'
    : !which('runc')
      ? 'needs runc on PATH'
      : !which('bash')
        ? 'needs bash'
        : null;

const show = (r: CaseResult) =>
  `${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ''}\n${r.findings.map((f) => `  ${f.requirements.join(',')} [${f.check}]: ${f.message}`).join('\n')}`;

describe('lifecycle breakers', () => {
  it('every lifecycle case has a breaking wrapper, and every wrapper exists', () => {
    expect(Object.keys(lifecycleBreakers).sort()).toEqual(lifecycleCases.map((c) => c.id).sort());
    for (const { wrapper } of Object.values(lifecycleBreakers))
      expect(existsSync(join(wrappers, wrapper)), wrapper).toBe(true);
  });

  it.skipIf(skipReason !== null)(
    `each lifecycle case fails against its wrapper on the requirements it checks${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    async () => {
      const host = await preflight();
      const probe = await ensureProbe();
      const byWrapper = new Map<string, typeof lifecycleCases>();
      for (const c of lifecycleCases) {
        const w = lifecycleBreakers[c.id]!.wrapper;
        byWrapper.set(w, [...(byWrapper.get(w) ?? []), c]);
      }
      const pending = [...byWrapper.entries()];
      const results: CaseResult[] = [];
      const errors: string[] = [];
      // Two wrappers at a time, two cases each: the machine has two cores.
      const worker = async () => {
        for (let next = pending.shift(); next; next = pending.shift()) {
          const [wrapper, cases] = next;
          const out = await runCases(cases, {
            driver: new RuntimeDriver({ runtime: join(wrappers, wrapper), root: '/unused' }),
            probe,
            host,
            specVersion: '1.3.0',
            profile: 'spec',
            level: 'may',
            jobs: 2,
          });
          errors.push(...out.errors.map((e) => `${wrapper}: ${e}`));
          results.push(...out.results.filter((r): r is CaseResult => r !== undefined));
        }
      };
      await Promise.all([worker(), worker()]);
      expect(errors).toEqual([]);
      expect(results.map((r) => r.id).sort()).toEqual(lifecycleCases.map((c) => c.id).sort());
      // Every finding fails the case (--level may): lifecycle.state.annotations checks a MAY.
      const wrong = results.flatMap((r) => {
        const failed = new Set(r.findings.flatMap((f) => f.requirements));
        const missing = lifecycleBreakers[r.id]!.fails.filter((req) => !failed.has(req));
        return r.status === 'fail' && missing.length === 0
          ? []
          : [`${show(r)}\n  expected to fail on: ${missing.join(', ') || '(all present)'}`];
      });
      expect(wrong).toEqual([]);
    },
    240_000,
  );
});
