import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { renderTap } from './tap.js';
import { emptyReport, hostileReport, runReport, testOptions, validateReport } from './testing.js';

// js-yaml comes with eslint (a dev dependency); the YAML checks skip when it is absent.
const require = createRequire(import.meta.url);
let yamlLoad: ((s: string) => unknown) | undefined;
try {
  yamlLoad = (require('js-yaml') as { load(s: string): unknown }).load;
} catch {
  yamlLoad = undefined;
}

interface Point {
  ok: boolean;
  n: number;
  desc: string;
  directive?: string;
  yaml?: string;
}

/** A small TAP 14 reader: version, plan, test points and their YAML blocks. */
function parseTap(text: string): { version: string; plan: number; points: Point[] } {
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe('');
  const version = lines[0]!;
  const plan = /^1\.\.(\d+)$/.exec(lines[1]!);
  expect(plan).not.toBeNull();
  const points: Point[] = [];
  for (let i = 2; i < lines.length - 1; i++) {
    const l = lines[i]!;
    if (l.startsWith('#')) continue;
    if (l === '  ---') {
      const end = lines.indexOf('  ...', i);
      expect(end).toBeGreaterThan(i);
      points.at(-1)!.yaml = lines
        .slice(i + 1, end)
        .map((y) => {
          expect(y.startsWith('  ')).toBe(true);
          return y.slice(2);
        })
        .join('\n');
      i = end;
      continue;
    }
    const m = /^(not )?ok (\d+) - (.*?)(?: # (SKIP|TODO)(?: (.*))?)?$/.exec(l);
    expect(m, `not a test point: ${l}`).not.toBeNull();
    points.push({ ok: !m![1], n: Number(m![2]), desc: m![3]!, directive: m![4] });
  }
  return { version, plan: Number(plan![1]), points };
}

const expected: Record<Report['cases'][number]['status'], { ok: boolean; directive?: string }> = {
  pass: { ok: true },
  fail: { ok: false },
  error: { ok: false },
  skip: { ok: true, directive: 'SKIP' },
  xfail: { ok: false, directive: 'TODO' },
  xpass: { ok: true, directive: 'TODO' },
};

describe('tap reporter', () => {
  it('writes TAP version 14 with a plan that matches the test points', () => {
    for (const make of [validateReport, runReport, hostileReport, emptyReport]) {
      const report = make();
      const tap = parseTap(renderTap(report, testOptions()));
      expect(tap.version).toBe('TAP version 14');
      expect(tap.plan).toBe(report.cases.length);
      expect(tap.points).toHaveLength(report.cases.length);
      tap.points.forEach((p, i) => {
        const c = report.cases[i]!;
        expect(p.n).toBe(i + 1);
        expect({ ok: p.ok, directive: p.directive }, c.id).toEqual({
          ok: expected[c.status].ok,
          directive: expected[c.status].directive,
        });
      });
    }
  });

  it('names run cases by id and validation cases by rule and file, escaping #', () => {
    const run = runReport();
    const points = parseTap(renderTap(run, testOptions())).points;
    expect(points.map((p) => p.desc)).toEqual(run.cases.map((c) => c.id));
    const val = validateReport();
    const vp = parseTap(renderTap(val, testOptions())).points;
    expect(vp.map((p) => p.desc)).toEqual(val.cases.map((c) => `${c.id} (${c.group})`));
    const hostile = parseTap(renderTap(hostileReport(), testOptions())).points;
    expect(hostile[0]!.desc).toContain('\\#1');
  });

  it.skipIf(!yamlLoad)('has YAML diagnostics with message, severity and requirement data', () => {
    const report = runReport();
    const opts = testOptions();
    const points = parseTap(renderTap(report, opts)).points;
    report.cases.forEach((c, i) => {
      const p = points[i]!;
      if (c.status === 'skip' || (c.status === 'pass' && c.findings.length === 0)) {
        expect(p.yaml, c.id).toBeUndefined();
        return;
      }
      const d = yamlLoad!(p.yaml!) as {
        message: string;
        severity: string;
        data: { requirements: string[]; level?: string; link?: string; expected?: unknown; actual?: unknown };
      };
      expect(d.data.requirements).toEqual(c.requirements);
      const first = c.requirements[0] && opts.describe(c.requirements[0]);
      if (first) expect([d.data.level, d.data.link]).toEqual([first.level, first.link]);
      if (c.status === 'fail') {
        const f = c.findings.find((x) => x.severity === 'error')!;
        expect(d.severity).toBe('fail');
        expect(d.message).toBe(f.message);
        expect(d.data.expected).toEqual(f.expected);
        expect(d.data.actual).toEqual(f.actual);
      }
    });
  });

  it.skipIf(!yamlLoad)('keeps hostile text inside valid YAML', () => {
    const report = hostileReport();
    const points = parseTap(renderTap(report, testOptions())).points;
    const d = yamlLoad!(points[0]!.yaml!) as { data: { expected: string }; notes: string[] };
    expect(d.data.expected).toBe(report.cases[0]!.findings[0]!.expected);
    expect(d.notes).toEqual(report.cases[0]!.evidence.notes);
  });
});
