import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { renderJunit } from './junit.js';
import { emptyReport, hostileReport, runReport, testOptions, validateReport } from './testing.js';

const xsd = resolve(import.meta.dirname, '../test/fixtures/junit-10.xsd');
function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const xmllint = hasXmllint();
const dir = mkdtempSync(join(tmpdir(), 'oci-conform-reports-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(xml: string): string {
  const p = join(dir, `r${n++}.xml`);
  writeFileSync(p, xml);
  return p;
}

/** Validate against the Jenkins xUnit schema; returns xmllint's stderr on failure. */
function validate(xml: string): void {
  execFileSync('xmllint', ['--noout', '--schema', xsd, file(xml)], { stdio: 'pipe' });
}

function xpath(xml: string, expr: string): string {
  return execFileSync('xmllint', ['--xpath', expr, file(xml)], { encoding: 'utf8' });
}

function count(xml: string, re: RegExp): number {
  return xml.match(re)?.length ?? 0;
}

const reports: [string, () => Report][] = [
  ['validate', validateReport],
  ['run', runReport],
  ['hostile', hostileReport],
  ['empty', emptyReport],
];

describe('junit reporter', () => {
  it.skipIf(!xmllint)('validates against test/fixtures/junit-10.xsd (xmllint)', () => {
    for (const [name, make] of reports) {
      expect(() => validate(renderJunit(make(), testOptions())), name).not.toThrow();
    }
  });

  it('has one failure per fail/xpass case, one error per errored case, one skipped per skip', () => {
    for (const [name, make] of [reports[0]!, reports[1]!]) {
      const report = make();
      const xml = renderJunit(report, testOptions());
      const t = report.totals;
      expect(count(xml, /<testcase /g), name).toBe(report.cases.length);
      expect(count(xml, /<failure[ >/]/g), name).toBe(t.fail + t.xpass);
      expect(count(xml, /<error[ >/]/g), name).toBe(t.error);
      expect(count(xml, /<skipped[ >/]/g), name).toBe(t.skip);
      const root = /<testsuites ([^>]*)>/.exec(xml)![1]!;
      expect(root).toContain(`tests="${report.cases.length}"`);
      expect(root).toContain(`failures="${t.fail + t.xpass}"`);
      expect(root).toContain(`errors="${t.error}"`);
      // The schema has no `skipped` attribute on <testsuites>.
      expect(root).not.toContain('skipped=');
    }
  });

  it('makes one testsuite per group with classname = group and name = case id', () => {
    const report = runReport();
    const xml = renderJunit(report, testOptions());
    const groups = [...new Set(report.cases.map((c) => c.group))].sort();
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)"/g)].map((m) => m[1]);
    expect(suites).toEqual(groups);
    for (const c of report.cases) expect(xml).toContain(`<testcase classname="${c.group}" name="${c.id}"`);
  });

  it('names the file of a validation suite (the schema allows file on testsuite only)', () => {
    const report = validateReport();
    const xml = renderJunit(report, testOptions());
    for (const g of new Set(report.cases.map((c) => c.group)))
      expect(xml).toMatch(new RegExp(`<testsuite name="${g}"[^>]* file="${g}"`));
    expect(renderJunit(runReport(), testOptions())).not.toMatch(/<testsuite [^>]*file=/);
  });

  it('carries requirement ids, levels and links as properties of the suite', () => {
    const report = runReport();
    const opts = testOptions();
    const xml = renderJunit(report, opts);
    for (const c of report.cases) {
      const suite = xml.slice(xml.indexOf(`<testsuite name="${c.group}"`));
      const props = suite.slice(0, suite.indexOf('</properties>'));
      for (const id of c.requirements) {
        expect(props).toContain(`<property name="requirement" value="${id}"/>`);
        const d = opts.describe(id);
        if (d) {
          expect(props).toContain(`<property name="requirement.level" value="${d.level}"/>`);
          expect(props).toContain(`<property name="requirement.link" value="${d.link}"/>`);
        }
      }
    }
    const xfail = report.cases.find((c) => c.status === 'xfail')!;
    expect(xml).toContain(`<property name="xfail" value="${xfail.id}"/>`);
  });

  it('gives skips their reason and failures the first error message', () => {
    const report = runReport();
    const xml = renderJunit(report, testOptions());
    const skip = report.cases.find((c) => c.status === 'skip')!;
    expect(xml).toContain(`<skipped message="${skip.reason}"/>`);
    const fail = report.cases.find((c) => c.status === 'fail')!;
    expect(xml).toContain(`<failure message="${fail.findings[0]!.message}"`);
    const err = report.cases.find((c) => c.status === 'error')!;
    expect(xml).toContain(`<error message="${err.reason}" type="error">`);
  });

  it('is byte-identical for the same report, whatever the input order and clock', () => {
    const a = renderJunit(runReport(), testOptions());
    const shuffled = runReport();
    shuffled.cases.reverse();
    const b = renderJunit(shuffled, testOptions());
    expect(b).toBe(a);
    // The only timestamp is the report's own.
    const stamps = [...a.matchAll(/timestamp="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(stamps)).toEqual(new Set([runReport().startedAt]));
  });

  it.skipIf(!xmllint)('keeps hostile text readable and the XML well-formed', () => {
    const xml = renderJunit(hostileReport(), testOptions());
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]/);
    const out = xpath(xml, 'string(//testcase[@name="errored"]/error/@message)');
    expect(out).toContain('<script>alert("x")</script> & \'q\' \\x00\\x08\\x1b[1m');
    const sysout = xpath(xml, 'string(//testcase[@classname="plain"]/system-out)');
    expect(sysout).toContain('status: error');
    const failOut = xpath(xml, 'string(//failure)');
    // Every CDATA terminator in the subject's output is broken, not only the first.
    expect(failOut).toContain(']] > ]] >');
    expect(() => validate(xml)).not.toThrow();
  });
});
