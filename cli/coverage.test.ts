// `oci-conform coverage` on the real registry and case list: the json and text outputs agree with the
// cases' own requirement lists, uncovered requirements are listed, the spec version is followed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli.js';
import type { Report } from '../model/report.js';
import { appliesTo, registry } from '../requirements/index.js';
import { runtimeCases } from '../suites/runtime/index.js';

const dir = mkdtempSync(join(tmpdir(), 'oci-conform-coverage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function coverage(...args: string[]): Promise<{ code: number; report: Report; text: string }> {
  const json = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  const txt = `${json}.txt`;
  const code = await cli(['coverage', ...args, '--reporter', `json=${json}`, '--reporter', `text=${txt}`]);
  return {
    code,
    report: JSON.parse(readFileSync(json, 'utf8')) as Report,
    text: readFileSync(txt, 'utf8'),
  };
}

describe('oci-conform coverage', () => {
  it('lists every live requirement of 1.3.0 with exactly the cases that name it', async () => {
    const { code, report } = await coverage();
    expect(code).toBe(0);
    expect(report.command).toBe('coverage');
    expect(report.cases).toEqual([]);
    const section = report.coverage!;
    const live = [...registry.values()].filter(
      (r) => (r.test === 'cli' || r.test === 'inside') && appliesTo(r, '1.3.0'),
    );
    expect(section.requirements.map((r) => r.id).sort()).toEqual(live.map((r) => r.id).sort());
    for (const r of section.requirements) {
      const naming = runtimeCases
        .filter(
          (c) => c.requirements.includes(r.id as never) && (c.since === undefined || c.since <= '1.3.0'),
        )
        .map((c) => c.id)
        .sort();
      expect(r.cases, r.id).toEqual(naming);
    }
    expect(section.requirements.some((r) => r.cases.length === 0)).toBe(true);
    const all = section.totals.at(-1)!;
    expect(all.doc).toBe('all');
    expect(all.all.total).toBe(live.length);
    expect(all.all.covered).toBe(section.requirements.filter((r) => r.cases.length > 0).length);
    const docs = section.totals.slice(0, -1);
    expect(docs.reduce((n, t) => n + t.all.total, 0)).toBe(live.length);
    expect(docs.reduce((n, t) => n + t.must.total, 0)).toBe(all.must.total);
    expect(all.must.total).toBe(
      live.filter((r) => ['MUST', 'MUST NOT', 'REQUIRED', 'SHALL', 'SHALL NOT'].includes(r.level)).length,
    );
  });

  it('prints each requirement with its cases or as uncovered, and the totals per document', async () => {
    const { report, text } = await coverage();
    const covered = report.coverage!.requirements.find((r) => r.cases.length > 0)!;
    const uncovered = report.coverage!.requirements.find((r) => r.cases.length === 0)!;
    expect(text).toContain(`  ${covered.id} ${covered.level}: ${covered.cases.join(', ')}\n`);
    expect(text).toContain(`  ${uncovered.id} ${uncovered.level}: uncovered\n`);
    const all = report.coverage!.totals.at(-1)!;
    expect(text).toMatch(new RegExp(`\\nall +${all.all.covered}/${all.all.total} `));
    for (const t of report.coverage!.totals)
      expect(text).toMatch(new RegExp(`\\n${t.doc.replace('.', '\\.')} `));
  });

  it('follows --spec-version: requirements and cases of later versions are left out', async () => {
    const { report } = await coverage('--spec-version', '1.0.2');
    const ids = new Set(report.coverage!.requirements.map((r) => r.id));
    const later = [...registry.values()].filter((r) => r.test === 'inside' && !appliesTo(r, '1.0.2'));
    expect(later.length).toBeGreaterThan(0);
    for (const r of later) expect(ids.has(r.id)).toBe(false);
    const since = runtimeCases.filter((c) => c.since !== undefined && c.since > '1.0.2').map((c) => c.id);
    for (const r of report.coverage!.requirements) for (const c of since) expect(r.cases).not.toContain(c);
  });

  it('rejects reporters without a coverage rendering and bad versions (exit 2)', async () => {
    expect(await cli(['coverage', '--reporter', `junit=${join(dir, 'x.xml')}`])).toBe(2);
    expect(await cli(['coverage', '--spec-version', '2.0.0'])).toBe(2);
  });
});
