import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from './html.js';
import { hostileReport, runReport, testOptions, validateReport } from './testing.js';

describe('html reporter', () => {
  it('is one self-contained page: no scripts, no external resources', () => {
    for (const make of [validateReport, runReport, hostileReport]) {
      const html = renderHtml(make(), testOptions());
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<link\b|\bsrc=|@import|url\(/i);
      // Only http(s) links, never javascript: from data.
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
      for (const h of hrefs) expect(h).toMatch(/^https?:\/\//);
    }
  });

  it('escapes markup and drops characters HTML cannot carry', () => {
    const html = renderHtml(hostileReport(), testOptions());
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]/);
    expect(html).not.toContain('javascript:alert');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('lists every case with its status, requirement links and findings with locations', () => {
    const report = runReport();
    const opts = testOptions();
    const html = renderHtml(report, opts);
    const rows = html.slice(html.indexOf('<h2>Cases</h2>'), html.indexOf('<h2>Requirement coverage</h2>'));
    expect(rows.match(/<tr><td><span class="st /g)).toHaveLength(report.cases.length);
    for (const c of report.cases) {
      expect(rows).toContain(`<code>${escapeHtml(c.id)}</code>`);
      for (const id of c.requirements) {
        const d = opts.describe(id);
        expect(rows).toContain(d ? `<a href="${d.link}">${id}</a>` : id);
      }
    }
    const fail = report.cases.find((c) => c.status === 'fail')!;
    expect(rows).toContain(escapeHtml(fail.findings[0]!.message));
    expect(rows).toMatch(/<details( open)?><summary>evidence<\/summary>/);
    expect(rows).toContain('<details open><summary>evidence</summary>');
    const t = report.totals;
    for (const k of ['pass', 'fail', 'skip', 'error', 'xfail', 'xpass'] as const)
      expect(html).toContain(`<span class="st ${k}">${k.toUpperCase()}</span> ${t[k]}</span>`);
  });

  it('has a coverage table only when the report has coverage', () => {
    const run = runReport();
    const html = renderHtml(run, testOptions());
    const cov = html.slice(html.indexOf('<h2>Requirement coverage</h2>'));
    expect(cov.match(/<tr><td>/g)).toHaveLength(run.coverage!.requirements.length);
    expect(cov.match(/<\/th><td>/g)).toHaveLength(run.coverage!.totals.length);
    expect(cov).toContain('<tr><th>runtime.md</th><td>1/2 (50%)</td><td>1/2 (50%)</td></tr>');
    expect(renderHtml(validateReport(), testOptions())).not.toContain('Requirement coverage');
  });

  it('shows validation findings with file:line:col', () => {
    const report = validateReport();
    const html = renderHtml(report, testOptions());
    for (const f of report.cases.flatMap((c) => c.findings)) {
      if (f.location.kind !== 'document') continue;
      expect(html).toContain(`<code>${f.location.file}:${f.location.line}:${f.location.column}</code>`);
    }
  });
});
