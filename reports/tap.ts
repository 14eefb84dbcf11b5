// TAP version 14 reporter: one test point per case, skips and expected failures as directives,
// a YAML diagnostic block (message, severity, requirement data, evidence) for cases that did not pass.
import type { CaseResult, Finding, Report } from '../model/report.js';
import {
  argvText,
  exitText,
  failingCommand,
  isRunReport,
  locationText,
  tail,
  viewRequirements,
  emit,
  wellFormed,
} from './common.js';
import type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';

/** A YAML value we can emit: JSON data. */
type Yaml = null | boolean | number | string | Yaml[] | { [k: string]: Yaml | undefined };

// YAML forbids C1 controls and DEL unescaped; JSON.stringify leaves them as they are.

const yamlUnsafe = /[\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]/g;

function scalar(v: null | boolean | number | string): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
  // A JSON scalar is a YAML 1.2 flow scalar; strings are always double-quoted.
  return JSON.stringify(v).replace(
    yamlUnsafe,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function key(k: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(k) ? k : scalar(k);
}

/** Block-style YAML for JSON data, each line prefixed with `indent`. */
function yamlLines(v: Yaml, indent: string): string[] {
  if (Array.isArray(v)) {
    if (v.length === 0) return [`${indent}[]`];
    return v.flatMap((item) => {
      const inner = yamlLines(item, `${indent}  `);
      const first = inner[0]!.slice(indent.length + 2);
      return [`${indent}- ${first}`, ...inner.slice(1)];
    });
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter((e): e is [string, Yaml] => e[1] !== undefined);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([k, val]) => {
      const isBlock =
        val !== null &&
        typeof val === 'object' &&
        (Array.isArray(val) ? val.length > 0 : Object.keys(val).length > 0);
      if (!isBlock) return [`${indent}${key(k)}: ${yamlLines(val, '')[0]}`];
      return [`${indent}${key(k)}:`, ...yamlLines(val, `${indent}  `)];
    });
  }
  return [`${indent}${scalar(v)}`];
}

/** JSON data as YAML-safe data (drops undefined, turns other values into strings). */
function toYaml(v: unknown): Yaml | undefined {
  if (v === undefined) return undefined;
  return JSON.parse(JSON.stringify(v) ?? 'null') as Yaml;
}

/** A test point description or directive reason: one line, `#` and `\` escaped (TAP 14). */
function tapText(s: string): string {
  return wellFormed(s)
    .replace(/\\/g, '\\\\')
    .replace(/#/g, '\\#')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\x00-\x1f\x7f]/g, ' '); // eslint-disable-line no-control-regex
}

function findingData(f: Finding, opts: ReporterOptions): Yaml {
  const reqs = viewRequirements(f.requirements, opts);
  return toYaml({
    rule: f.rule,
    severity: f.severity ?? 'error',
    message: f.message,
    requirements: f.requirements,
    level: reqs[0]?.level ?? f.level.toUpperCase(),
    link: reqs[0]?.link,
    expected: f.expected,
    actual: f.actual,
    location: locationText(f.location),
    pointer: f.location.kind === 'document' ? f.location.pointer : undefined,
  })!;
}

function diagnostics(c: CaseResult, opts: ReporterOptions): Yaml {
  const errors = c.findings.filter((f) => (f.severity ?? 'error') === 'error');
  const first = errors[0] ?? c.findings[0];
  const reqs = viewRequirements(c.requirements, opts);
  const severity = {
    fail: 'fail',
    xpass: 'fail',
    error: 'error',
    xfail: 'todo',
    pass: 'comment',
    skip: 'skip',
  }[c.status];
  const message =
    c.status === 'xpass'
      ? `expected to fail but passed${c.reason ? `: ${c.reason}` : ''}`
      : (first?.message ?? c.reason ?? c.status);
  const data: Record<string, unknown> = {
    requirements: c.requirements,
    level: reqs[0]?.level,
    link: reqs[0]?.link,
  };
  if (first) {
    data.expected = first.expected;
    data.actual = first.actual;
    data.location = locationText(first.location);
  }
  const diag: Record<string, unknown> = {
    message,
    severity,
    group: c.group,
    reason: c.reason,
    duration_ms: c.durationMs,
    data,
  };
  if (c.findings.length > 0) diag.findings = c.findings.map((f) => findingData(f, opts));
  const cmd = failingCommand(c);
  if (cmd && (c.status === 'fail' || c.status === 'error')) {
    diag.command = {
      argv: argvText(cmd.argv),
      exit: exitText(cmd.exitCode, cmd.signal, cmd.timedOut),
      stderr: tail(cmd.stderr, 10, 2000) || undefined,
    };
  }
  if (c.evidence.notes?.length) diag.notes = c.evidence.notes;
  return toYaml(diag)!;
}

/** Render the report as TAP version 14. */
export function renderTap(report: Report, opts: ReporterOptions): string {
  const run = isRunReport(report);
  const out = ['TAP version 14', `1..${report.cases.length}`];
  for (const e of report.errors ?? []) out.push(`# tool error: ${tapText(e)}`);
  report.cases.forEach((c, i) => {
    const n = i + 1;
    // Validation ids are rule ids, repeated per file: name the file too.
    const desc = tapText(run ? c.id : `${c.id} (${c.group})`);
    const reason = c.reason ? ` ${tapText(c.reason)}` : '';
    let line: string;
    switch (c.status) {
      case 'pass':
        line = `ok ${n} - ${desc}`;
        break;
      case 'skip':
        line = `ok ${n} - ${desc} # SKIP${reason}`;
        break;
      case 'xfail':
        line = `not ok ${n} - ${desc} # TODO${reason}`;
        break;
      case 'xpass':
        line = `ok ${n} - ${desc} # TODO${reason}`;
        break;
      case 'fail':
      case 'error':
        line = `not ok ${n} - ${desc}`;
        break;
    }
    out.push(line);
    // Diagnostics for every case that did not plainly pass, and for passes that carry warnings.
    if ((c.status !== 'pass' && c.status !== 'skip') || c.findings.length > 0)
      out.push('  ---', ...yamlLines(diagnostics(c, opts), '  '), '  ...');
  });
  return `${out.join('\n')}\n`;
}

/** TAP reporter factory (`--reporter tap[=file]`). */
export const tapReporter: ReporterFactory = (opts): Reporter => ({
  name: 'tap',
  async finish(report) {
    const text = renderTap(report, opts);
    await emit(text, opts.destination);
    return text;
  },
});
