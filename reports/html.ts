// HTML reporter: one self-contained page (inline CSS, no scripts, no external resources): summary,
// a table of cases with requirement links and findings, evidence in <details>, requirement coverage.
import type { CaseResult, CaseStatus, Finding, Report } from '../model/report.js';
import {
  argvText,
  coverageCountText,
  exitText,
  groupCases,
  isRunReport,
  locationPointer,
  locationText,
  severityWord,
  tail,
  valueText,
  viewRequirements,
  xmlSafe,
  emit,
} from './common.js';
import type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A link only for http(s) URLs; anything else (javascript:, data:) is shown as text. */
function link(href: string | undefined, label: string): string {
  if (href && /^https?:\/\//i.test(href)) return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  return escapeHtml(label);
}

const css = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-word;margin:.3rem 0}
.meta td:first-child{font-weight:600;width:12rem}.totals span{display:inline-block;margin-right:1rem}
.st{font-weight:700;padding:0 .35rem;border-radius:3px;color:#fff;white-space:nowrap}
.pass{background:#1a7f37}.fail{background:#cf222e}.skip{background:#9a6700}.error{background:#8250df}
.xfail{background:#0969da}.xpass{background:#cf222e}.untested{background:#6e7781}
.sev-error{color:#cf222e;font-weight:600}.sev-warning{color:#9a6700;font-weight:600}.sev-note{color:#0969da}
ul{margin:.2rem 0;padding-left:1.2rem}details{margin-top:.3rem}summary{cursor:pointer}
`;

function statusBadge(s: CaseStatus | 'untested'): string {
  return `<span class="st ${s}">${s.toUpperCase()}</span>`;
}

function findingItem(f: Finding, opts: ReporterOptions): string {
  const sev = severityWord(f);
  const reqs = viewRequirements(f.requirements, opts)
    .map((r) => `${link(r.link, r.id)}${r.level ? ` (${escapeHtml(r.level)})` : ''}`)
    .join(', ');
  const pointer = locationPointer(f.location);
  const parts = [
    `<span class="sev-${sev}">${sev}</span> <code>${escapeHtml(locationText(f.location))}</code>`,
    pointer ? ` <code>${escapeHtml(pointer)}</code>` : '',
    `: ${escapeHtml(f.message)}`,
    ` <small>[${escapeHtml(f.rule)}, ${escapeHtml(f.level)}${reqs ? `; requirement ${reqs}` : ''}]</small>`,
  ];
  if (f.expected !== undefined) parts.push(`<br>expected: <code>${escapeHtml(valueText(f.expected))}</code>`);
  if (f.actual !== undefined) parts.push(`<br>actual: <code>${escapeHtml(valueText(f.actual))}</code>`);
  return `<li>${parts.join('')}</li>`;
}

function pre(v: unknown): string {
  return `<pre>${escapeHtml(typeof v === 'string' ? v : valueText(v, 2))}</pre>`;
}

function evidenceDetails(c: CaseResult): string {
  const ev = c.evidence;
  const parts: string[] = [];
  for (const cmd of ev.commands ?? []) {
    parts.push(
      `<div><code>$ ${escapeHtml(argvText(cmd.argv))}</code> (${escapeHtml(
        exitText(cmd.exitCode, cmd.signal, cmd.timedOut),
      )}, ${Math.round(cmd.durationMs)} ms)</div>`,
    );
    const err = tail(cmd.stderr, 20, 4000);
    if (err) parts.push(`<div>stderr (tail):</div>${pre(err)}`);
    const out = tail(cmd.stdout, 20, 4000);
    if (out) parts.push(`<div>stdout (tail):</div>${pre(out)}`);
  }
  if (ev.observation !== undefined)
    parts.push(`<div>observation:</div>${pre(JSON.stringify(ev.observation, null, 2))}`);
  if (ev.expected !== undefined)
    parts.push(`<div>expected:</div>${pre(JSON.stringify(ev.expected, null, 2))}`);
  if (ev.reference !== undefined)
    parts.push(`<div>reference runtime observation:</div>${pre(JSON.stringify(ev.reference, null, 2))}`);
  if (ev.notes?.length) parts.push(`<ul>${ev.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  if (parts.length === 0) return '';
  // Open where a person has to look: failures and tool errors.
  const open = c.status === 'fail' || c.status === 'error' ? ' open' : '';
  return `<details${open}><summary>evidence</summary>${parts.join('')}</details>`;
}

function caseRow(c: CaseResult, opts: ReporterOptions): string {
  const reqs = viewRequirements(c.requirements, opts)
    .map((r) => `${link(r.link, r.id)}${r.level ? ` <small>${escapeHtml(r.level)}</small>` : ''}`)
    .join('<br>');
  const findings = c.findings.length
    ? `<ul>${c.findings.map((f) => findingItem(f, opts)).join('')}</ul>`
    : '';
  const reason = c.reason ? `<div>${escapeHtml(c.reason)}</div>` : '';
  return (
    `<tr><td>${statusBadge(c.status)}</td>` +
    `<td><code>${escapeHtml(c.id)}</code></td><td>${reqs}</td>` +
    `<td>${reason}${findings}${evidenceDetails(c)}</td><td>${Math.round(c.durationMs)} ms</td></tr>`
  );
}

/** Render the report as one self-contained HTML page. */
export function renderHtml(report: Report, opts: ReporterOptions): string {
  const t = report.totals;
  const s = report.subject;
  const title = `${report.tool.name} ${report.command}: ${s.paths.join(' ')}`;
  const meta: [string, string][] = [
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['command', report.command],
    ['subject', `${s.kind}: ${s.paths.join(', ')}`],
  ];
  if (s.runtimeVersion) meta.push(['runtime version', s.runtimeVersion]);
  meta.push(['spec version', report.specVersion], ['level', report.level]);
  if (report.profile) meta.push(['profile', report.profile]);
  if (report.host) {
    const h = report.host;
    const facts = [
      h.kernel && `kernel ${h.kernel}`,
      h.arch,
      h.cgroupMode && `cgroup ${h.cgroupMode}`,
      h.userNamespaces !== undefined && `user namespaces ${h.userNamespaces ? 'yes' : 'no'}`,
      h.lsms?.length && `LSMs ${h.lsms.join(', ')}`,
      h.timeoutScale !== undefined && `timeouts x${h.timeoutScale}`,
    ].filter(Boolean);
    if (facts.length) meta.push(['host', facts.join('; ')]);
  }
  meta.push(['started', report.startedAt], ['duration', `${(report.durationMs / 1000).toFixed(1)} s`]);
  meta.push(['exit code', String(report.exitCode)]);

  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load from elsewhere and nothing may run, whatever the data holds.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<table class="meta">${meta.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    '<h2>Summary</h2>',
    `<p class="totals">${(['pass', 'fail', 'skip', 'error', 'xfail', 'xpass'] as const)
      .map((k) => `<span>${statusBadge(k)} ${t[k]}</span>`)
      .join('')}</p>`,
    `<p>findings: <span class="sev-error">${t.findings.error} error${t.findings.error === 1 ? '' : 's'}</span>, ` +
      `<span class="sev-warning">${t.findings.warning} warning${t.findings.warning === 1 ? '' : 's'}</span>, ` +
      `<span class="sev-note">${t.findings.info} note${t.findings.info === 1 ? '' : 's'}</span></p>`,
  ];
  if (report.errors?.length) {
    out.push(
      '<h2>Tool errors</h2>',
      `<ul>${report.errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`,
    );
  }
  out.push('<h2>Cases</h2>');
  const groupWord = isRunReport(report) ? 'area' : 'file';
  for (const [group, cases] of groupCases(report.cases)) {
    out.push(
      `<h3>${escapeHtml(groupWord)}: <code>${escapeHtml(group)}</code></h3>`,
      '<table><thead><tr><th>status</th><th>case</th><th>requirements</th><th>result</th><th>time</th></tr></thead><tbody>',
      ...cases.map((c) => caseRow(c, opts)),
      '</tbody></table>',
    );
  }
  if (report.coverage) {
    const cov = report.coverage;
    const count = (c: { covered: number; total: number }) => escapeHtml(coverageCountText(c));
    out.push(
      '<h2>Requirement coverage</h2>',
      `<p>Requirements of test kinds ${escapeHtml(cov.kinds.join(', '))}; a requirement is covered when a case lists it.</p>`,
      '<table><thead><tr><th>document</th><th>all levels</th><th>MUST/REQUIRED</th></tr></thead><tbody>',
      ...cov.totals.map(
        (t) => `<tr><th>${escapeHtml(t.doc)}</th><td>${count(t.all)}</td><td>${count(t.must)}</td></tr>`,
      ),
      '</tbody></table>',
      '<table><thead><tr><th>requirement</th><th>level</th><th>status</th><th>cases</th></tr></thead><tbody>',
      ...cov.requirements.map(
        (r) =>
          `<tr><td>${link(r.link, r.id)}</td><td>${escapeHtml(r.level)}</td><td>${
            r.status ? statusBadge(r.status) : r.cases.length ? 'covered' : 'uncovered'
          }</td>` + `<td>${r.cases.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

/** HTML reporter factory (`--reporter html=report.html`). */
export const htmlReporter: ReporterFactory = (opts): Reporter => ({
  name: 'html',
  async finish(report) {
    const text = renderHtml(report, opts);
    await emit(text, opts.destination);
    return text;
  },
});
