// Text reporter: gcc-style finding lines for validation (`file:line:col: error: message [rule, MUST,
// link]`), one line per case for runs with the failing evidence below it, totals at the end.
import type { CaseResult, CaseStatus, CoverageSection, Finding, Report } from '../model/report.js';
import {
  argvText,
  compareStrings,
  coverageTotalsLines,
  exitText,
  failingCommand,
  findingTag,
  groupCases,
  isRunReport,
  locationFile,
  locationPointer,
  locationText,
  severityWord,
  tail,
  valueText,
  emit,
  wellFormed,
} from './common.js';
import type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';

const ansi = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
} as const;

type Style = keyof typeof ansi;

const statusLabel: Record<CaseStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  skip: 'SKIP',
  error: 'ERROR',
  xfail: 'XFAIL',
  xpass: 'XPASS',
};

const statusStyle: Record<CaseStatus, Style[]> = {
  pass: ['green'],
  fail: ['red', 'bold'],
  skip: ['yellow'],
  error: ['magenta', 'bold'],
  xfail: ['cyan'],
  xpass: ['red', 'bold'],
};

const severityStyle: Record<'error' | 'warning' | 'note' | 'suppressed', Style[]> = {
  error: ['red', 'bold'],
  warning: ['yellow', 'bold'],
  note: ['cyan', 'bold'],
  suppressed: ['dim'],
};

/**
 * Control characters from the subject (a runtime's stderr may carry its own colour codes) are shown
 * as `\xNN`, so the output holds escape codes only when we add them for colour.
 */
// eslint-disable-next-line no-control-regex
const controlChars = /[\x00-\x08\x0b-\x1f\x7f\x9b]/g;
function clean(s: string): string {
  return wellFormed(s).replace(controlChars, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line only: newlines and tabs become spaces (for messages and reasons on a status line). */
function oneLine(s: string): string {
  return clean(s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\t/g, ' '));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function durationText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `host: kernel 6.1.0 (x64), cgroup v2, timeouts x10`: what the run saw, so a report says where it ran. */
export function hostLine(h: Report['host']): string | undefined {
  if (!h) return undefined;
  const facts = [
    h.kernel !== undefined &&
      `kernel ${oneLine(h.kernel)}${h.arch !== undefined ? ` (${oneLine(h.arch)})` : ''}`,
    h.cgroupMode !== undefined && `cgroup ${h.cgroupMode}`,
    h.timeoutScale !== undefined && `timeouts x${h.timeoutScale}`,
  ].filter((f): f is string => typeof f === 'string');
  return facts.length ? `host: ${facts.join(', ')}` : undefined;
}

class TextReporter implements Reporter {
  readonly name = 'text';
  private progressCount = 0;
  private progressLineOpen = false;

  constructor(private readonly opts: ReporterOptions) {}

  private paint(styles: readonly Style[], s: string): string {
    if (!this.opts.color || styles.length === 0) return s;
    return `${styles.map((k) => ansi[k]).join('')}${s}${ansi.reset}`;
  }

  onCaseEnd(c: CaseResult): void {
    if (!this.opts.progress) return;
    const stream = this.opts.progressStream ?? process.stderr;
    this.progressCount++;
    const label = this.paint(statusStyle[c.status], statusLabel[c.status]);
    const line = `[${this.progressCount}] ${label} ${oneLine(c.id)}`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}`);
      this.progressLineOpen = true;
    } else {
      stream.write(`${line}\n`);
    }
  }

  async finish(report: Report): Promise<string> {
    if (this.progressLineOpen) {
      (this.opts.progressStream ?? process.stderr).write('\r\x1b[2K');
      this.progressLineOpen = false;
    }
    const text =
      report.command === 'coverage'
        ? this.renderCoverage(report)
        : isRunReport(report)
          ? this.renderRun(report)
          : this.renderValidate(report);
    await emit(text, this.opts.destination);
    return text;
  }

  /** `file:line:col: error: message [rule, MUST, link]` plus indented expected/actual lines. */
  private findingLines(f: Finding, indent: string, withLocation: boolean): string[] {
    const sev = severityWord(f);
    const mark = f.baseline === 'new' ? 'new: ' : f.baseline === 'expected' ? 'known: ' : '';
    const head = `${this.paint(severityStyle[sev], `${sev}:`)} ${mark}${oneLine(f.message)} ${this.paint(
      ['dim'],
      findingTag(f, this.opts),
    )}`;
    const out: string[] = [];
    if (withLocation)
      out.push(`${indent}${this.paint(['bold'], `${clean(locationText(f.location))}:`)} ${head}`);
    else out.push(`${indent}${head}`);
    const sub = `${indent}    `;
    const pointer = locationPointer(f.location);
    if (!withLocation) out.push(`${sub}at: ${clean(locationText(f.location))}`);
    if (pointer !== undefined && pointer !== '') out.push(`${sub}pointer: ${clean(pointer)}`);
    if (f.expected !== undefined) out.push(`${sub}expected: ${clean(valueText(f.expected))}`);
    if (f.actual !== undefined) out.push(`${sub}actual: ${clean(valueText(f.actual))}`);
    return out;
  }

  private totalsLine(report: Report): string {
    const t = report.totals.findings;
    const parts = [
      this.paint(t.error > 0 ? severityStyle.error : [], plural(t.error, 'error')),
      this.paint(t.warning > 0 ? severityStyle.warning : [], plural(t.warning, 'warning')),
    ];
    if (t.info > 0) parts.push(plural(t.info, 'note'));
    if (t.suppressed > 0) parts.push(`${t.suppressed} suppressed`);
    return parts.join(', ');
  }

  private toolErrors(report: Report): string[] {
    return (report.errors ?? []).map(
      (e) => `oci-conform: ${this.paint(severityStyle.error, 'error:')} ${oneLine(e)}`,
    );
  }

  private renderValidate(report: Report): string {
    // Group finding lines by the file they point into (falling back to the case's group).
    const byFile = new Map<string, string[][]>();
    const files = new Set<string>(report.cases.map((c) => c.group));
    const entries: { file: string; line: number; column: number; order: number; lines: string[] }[] = [];
    let order = 0;
    // A case-level line at the top of its file: a rule that could not run, or an expected failure's outcome.
    const caseLine = (c: Report['cases'][number], severity: 'error' | 'note', text: string) =>
      entries.push({
        file: c.group,
        line: 0,
        column: 0,
        order: order++,
        lines: [
          `${this.paint(['bold'], `${clean(c.group)}:`)} ${this.paint(severityStyle[severity], `${severity}:`)} ` +
            `rule ${oneLine(c.id)} ${text}`,
        ],
      });
    for (const c of report.cases) {
      const reason = c.reason ? ` (${oneLine(c.reason)})` : '';
      if (c.status === 'error')
        caseLine(c, 'error', `could not run: ${oneLine(c.reason ?? 'no reason given')}`);
      else if (c.status === 'xpass') caseLine(c, 'error', `was expected to fail but passed${reason}`);
      else if (c.status === 'xfail') {
        caseLine(c, 'note', `failed as expected${reason}`);
        continue;
      }
      for (const f of c.findings) {
        const file = locationFile(f.location) ?? c.group;
        files.add(file);
        const loc = f.location;
        entries.push({
          file,
          line: 'line' in loc ? (loc.line ?? 0) : 0,
          column: 'column' in loc ? (loc.column ?? 0) : 0,
          order: order++,
          lines: this.findingLines(f, '', true),
        });
      }
    }
    entries.sort(
      (a, b) => compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || a.order - b.order,
    );
    for (const e of entries) {
      const list = byFile.get(e.file);
      if (list) list.push(e.lines);
      else byFile.set(e.file, [e.lines]);
    }
    const out: string[] = [];
    for (const [, blocks] of byFile) {
      for (const b of blocks) out.push(...b);
      out.push('');
    }
    out.push(...this.toolErrors(report));
    out.push(`${this.totalsLine(report)} in ${plural(files.size, 'file')}`);
    return `${out.join('\n')}\n`;
  }

  private renderRun(report: Report): string {
    const out: string[] = [];
    const s = report.subject;
    const subject = [
      s.paths.join(' '),
      s.runtimeVersion ? `(${oneLine(s.runtimeVersion.split('\n')[0]!)})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    out.push(
      `${report.tool.name} ${report.tool.version}: ${report.command} ${clean(subject)} against spec ${
        report.specVersion
      }${report.specVersionReason ? ` (${clean(report.specVersionReason)})` : ''}, level ${report.level}${report.profile ? `, profile ${report.profile}` : ''}`,
    );
    const host = hostLine(report.host);
    if (host) out.push(host);
    out.push('');
    for (const [group, cases] of groupCases(report.cases)) {
      out.push(this.paint(['bold'], clean(group)));
      for (const c of cases) out.push(...this.caseLines(c));
      out.push('');
    }
    if (report.coverage) out.push(...this.coverageSummary(report.coverage), '');
    out.push(...this.toolErrors(report));
    out.push(...comparisonLines(report));
    const t = report.totals;
    const counts: [CaseStatus, number][] = [
      ['pass', t.pass],
      ['fail', t.fail],
      ['skip', t.skip],
      ['error', t.error],
      ['xfail', t.xfail],
      ['xpass', t.xpass],
    ];
    const statusTotals = counts
      .map(([k, n]) => this.paint(n > 0 && k !== 'pass' && k !== 'skip' ? statusStyle[k] : [], `${n} ${k}`))
      .join(', ');
    out.push(`${statusTotals}; ${this.totalsLine(report)} in ${durationText(report.durationMs)}`);
    return `${out.join('\n')}\n`;
  }

  /** Run reports: the totals and how many requirements no case covers (the JSON report lists them). */
  private coverageSummary(section: CoverageSection): string[] {
    const uncovered = section.requirements.filter((r) => r.cases.length === 0).length;
    return [
      this.paint(['bold'], `requirement coverage (test kinds ${oneLine(section.kinds.join(', '))})`),
      ...coverageTotalsLines(section).map((l) => `  ${clean(l)}`),
      `  ${plural(uncovered, 'requirement')} no case covers (listed in the JSON report and by oci-conform coverage)`,
    ];
  }

  /** `oci-conform coverage`: every requirement with its cases, uncovered ones marked, then the totals. */
  private renderCoverage(report: Report): string {
    const section = report.coverage ?? { kinds: [], requirements: [], totals: [] };
    const out: string[] = [
      `${report.tool.name} ${report.tool.version}: requirement coverage of the runtime suite, spec ${report.specVersion}, test kinds ${oneLine(section.kinds.join(', '))}`,
    ];
    let doc = '';
    for (const r of section.requirements) {
      if (r.doc !== doc) {
        doc = r.doc;
        out.push('', this.paint(['bold'], clean(doc)));
      }
      const cases = r.cases.length ? r.cases.map(clean).join(', ') : this.paint(['yellow'], 'uncovered');
      out.push(`  ${clean(r.id)} ${this.paint(['dim'], clean(r.level))}: ${cases}`);
    }
    const uncovered = section.requirements.filter((r) => r.cases.length === 0).length;
    out.push('', ...coverageTotalsLines(section).map(clean), `${plural(uncovered, 'requirement')} uncovered`);
    out.push(...this.toolErrors(report));
    return `${out.join('\n')}\n`;
  }

  private caseLines(c: CaseResult): string[] {
    const label = this.paint(statusStyle[c.status], statusLabel[c.status].padEnd(5));
    const reason = c.reason ? `: ${oneLine(c.reason)}` : '';
    const out = [
      `  ${label} ${oneLine(c.id)}${reason} ${this.paint(['dim'], `(${durationText(c.durationMs)})`)}`,
    ];
    if (c.status === 'skip') return out;
    const findings =
      c.status === 'pass' ? c.findings.filter((f) => (f.severity ?? 'error') !== 'error') : c.findings;
    for (const f of findings) out.push(...this.findingLines(f, '      ', false));
    if (c.status === 'fail' || c.status === 'error' || c.status === 'xpass') {
      const cmd = failingCommand(c);
      if (cmd) {
        const line = `$ ${argvText(cmd.argv)} (${exitText(cmd.exitCode, cmd.signal, cmd.timedOut)})`;
        // The finding's `at:` line already names the command when it points at one.
        const shown = findings.some(
          (f) => f.location.kind === 'command' && locationText(f.location) === line,
        );
        if (!shown) out.push(this.paint(['dim'], `      ${clean(line)}`));
        const err = tail(cmd.stderr, 5, 800);
        if (err) {
          out.push(this.paint(['dim'], '      stderr:'));
          for (const l of err.split('\n')) out.push(this.paint(['dim'], `        | ${clean(l)}`));
        }
      }
      for (const n of c.evidence.notes ?? []) out.push(`      note: ${oneLine(n)}`);
    }
    if (c.evidence.reference !== undefined) out.push(...referenceLines(c.evidence.reference));
    return out;
  }
}

/** `run --compare`: the run-wide summary (cache use, differences seen in several cases). */
function comparisonLines(report: Report): string[] {
  const c = report.comparison;
  if (!c) return [];
  const out = [
    `compared with ${oneLine(c.reference)}: ${c.compared} cases` +
      (c.fromCache
        ? `, ${c.fromCache} reference observations reused from an earlier run on this host (${oneLine(c.cacheDir ?? 'cache')})`
        : '') +
      (c.runWide.length ? '; differences seen in several cases, not repeated per case:' : ''),
  ];
  for (const d of c.runWide) {
    const side = (v: unknown) => {
      if (v === undefined) return '(absent)';
      const t = oneLine(JSON.stringify(v) ?? '');
      return t.length > 120 ? `${t.slice(0, 120)}…` : t;
    };
    out.push(
      `  ${oneLine(d.field)}: ${side(d.subject)} here, ${side(d.reference)} in the reference (${d.cases.length} cases)`,
    );
  }
  out.push('');
  return out;
}

/** Differences with the reference runtime shown per case (the JSON report has them all). */
const shownDifferences = 5;

/** `run --compare`: the reference runtime's verdict and where its observation differs. */
function referenceLines(ref: unknown): string[] {
  const r = ref as {
    runtime?: unknown;
    status?: unknown;
    differences?: { pointer?: unknown; subject?: unknown; reference?: unknown }[];
    omitted?: unknown;
  };
  if (r === null || typeof r !== 'object' || !Array.isArray(r.differences))
    return [`      reference: ${oneLine(JSON.stringify(ref) ?? '')}`];
  const total = r.differences.length + (typeof r.omitted === 'number' ? r.omitted : 0);
  const out = [
    `      reference runtime${typeof r.runtime === 'string' ? ` (${oneLine(r.runtime)})` : ''}: ${oneLine(String(r.status))}, ${total} observation difference${total === 1 ? '' : 's'}`,
  ];
  const show = (v: unknown) => {
    if (v === undefined) return '(absent)';
    const t = oneLine(JSON.stringify(v) ?? '');
    return t.length > 120 ? `${t.slice(0, 120)}…` : t;
  };
  for (const d of r.differences.slice(0, shownDifferences))
    out.push(
      `        ${oneLine(String(d.pointer))}: ${show(d.subject)} here, ${show(d.reference)} in the reference`,
    );
  if (total > shownDifferences) out.push(`        … ${total - shownDifferences} more in the JSON report`);
  return out;
}

/** Text reporter factory (`--reporter text`). */
export const textReporter: ReporterFactory = (opts) => new TextReporter(opts);
