// Helpers shared by the reporters: location text, requirement tags, evidence excerpts, text
// sanitising, and writing the rendered text to a file or stdout. Report types only.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  CaseResult,
  CommandRecord,
  CoverageCount,
  CoverageSection,
  Finding,
  Location,
  Report,
} from '../model/report.js';
import type { ReporterOptions } from './reporter.js';

/** A requirement as a reporter shows it: id, RFC 2119 keyword and spec link (when the registry knows it). */
export interface RequirementView {
  id: string;
  level?: string;
  link?: string;
  text?: string;
}

/** Resolve requirement ids through the caller's `describe`, keeping unknown ids visible. */
export function viewRequirements(ids: readonly string[], opts: ReporterOptions): RequirementView[] {
  return ids.map((id) => {
    const d = opts.describe(id);
    return d ? { id, level: d.level, link: d.link, text: d.text } : { id };
  });
}

/**
 * The bracketed tag after a gcc-style message: the rule and the finding's own class, then the requirement
 * it cites with that requirement's RFC 2119 keyword and spec link, kept apart so that a hazard citing a
 * MUST does not read as a MUST violation: `[rule-id, hazard; requirement some.id (MUST), https://...]`.
 */
export function findingTag(f: Finding, opts: ReporterOptions): string {
  const head = `${f.rule}, ${f.level}`;
  const first = f.requirements[0];
  if (first === undefined) return `[${head}]`;
  const d = opts.describe(first);
  const more = f.requirements.length > 1 ? ` (+${f.requirements.length - 1})` : '';
  const req = `requirement ${first}${d?.level ? ` (${d.level})` : ''}${more}`;
  return `[${head}; ${req}${d?.link ? `, ${d.link}` : ''}]`;
}

/** gcc severity word for a finding (severity is set by the policy; a missing one counts as error). */
export function severityWord(f: Finding): 'error' | 'warning' | 'note' | 'suppressed' {
  if (f.suppressed) return 'suppressed';
  const s = f.severity ?? 'error';
  return s === 'info' ? 'note' : s;
}

/** The file a location points into, when it has one. */
export function locationFile(loc: Location): string | undefined {
  return 'file' in loc ? loc.file : undefined;
}

/**
 * Short text for where a finding points: `file:line:col` for documents, `file:line[:col]` for files,
 * `file (layer sha256:..., entry path)` for layer entries, `$ argv (exit N)` for commands and
 * `observation field` for probe observations.
 */
export function locationText(loc: Location): string {
  switch (loc.kind) {
    case 'document':
      return `${loc.file}:${loc.line}:${loc.column}`;
    case 'file':
      return loc.line === undefined
        ? loc.file
        : `${loc.file}:${loc.line}${loc.column === undefined ? '' : `:${loc.column}`}`;
    case 'layer':
      return `${loc.file} (layer ${loc.digest}${loc.path === undefined ? '' : `, entry ${loc.path}`}${
        loc.offset === undefined ? '' : `, offset ${loc.offset}`
      })`;
    case 'command':
      return `$ ${argvText(loc.argv)} (${exitText(loc.exitCode, loc.signal ?? null)})`;
    case 'observation':
      return `observation ${loc.field}`;
  }
}

/** JSON pointer of a document location, if any (shown beside the line/column). */
export function locationPointer(loc: Location): string | undefined {
  return loc.kind === 'document' ? loc.pointer : undefined;
}

/** A command line as a person would paste it: arguments with spaces or quotes are single-quoted. */
export function argvText(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function exitText(exitCode: number | null, signal: string | null, timedOut = false): string {
  if (timedOut) return 'timed out';
  if (signal) return `killed by ${signal}`;
  return exitCode === null ? 'no exit code' : `exit ${exitCode}`;
}

/** The last `lines` lines of `s`, at most `chars` characters, without a trailing newline. */
export function tail(s: string, lines = 10, chars = 2000): string {
  let t = s.replace(/\s+$/, '');
  const parts = t.split('\n');
  if (parts.length > lines) t = parts.slice(-lines).join('\n');
  if (t.length > chars) t = t.slice(-chars);
  return t;
}

/**
 * The command a person should look at for a failed or errored case: the one a finding points at,
 * else the last command that failed (non-zero exit, signal, timeout), else none.
 */
export function failingCommand(c: CaseResult): CommandRecord | undefined {
  const cmds = c.evidence.commands ?? [];
  for (const f of c.findings) {
    if (f.location.kind !== 'command') continue;
    const argv = f.location.argv;
    const match = cmds.find((r) => r.argv.length === argv.length && r.argv.every((a, i) => a === argv[i]));
    if (match) return match;
    return {
      argv: [...argv],
      exitCode: f.location.exitCode,
      signal: f.location.signal ?? null,
      stdout: '',
      stderr: f.location.stderrTail ?? '',
      durationMs: 0,
      timedOut: false,
    };
  }
  for (let i = cmds.length - 1; i >= 0; i--) {
    const r = cmds[i]!;
    if (r.timedOut || r.signal || (r.exitCode !== null && r.exitCode !== 0)) return r;
  }
  return undefined;
}

/** JSON for expected/actual/observation values, on one line when short. */
export function valueText(v: unknown, indent?: number): string {
  if (v === undefined) return 'undefined';
  const one = JSON.stringify(v);
  if (indent === undefined || one === undefined || one.length <= 100) return one ?? String(v);
  return JSON.stringify(v, null, indent);
}

/** Is this the report of a runtime run (cases with runtime evidence), rather than static validation? */
export function isRunReport(r: Report): boolean {
  return r.command === 'run';
}

/** Group cases by `group`, groups in name order, cases in the report's order within a group. */
export function groupCases(cases: readonly CaseResult[]): [string, CaseResult[]][] {
  const m = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const list = m.get(c.group);
    if (list) list.push(c);
    else m.set(c.group, [c]);
  }
  return [...m.entries()].sort(([a], [b]) => compareStrings(a, b));
}

/** Code-unit order (locale independent, so output is identical across machines). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Characters XML 1.0 forbids (C0 controls other than tab/newline/return, lone surrogates, U+FFFE/F).

const xmlInvalid = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// eslint-disable-next-line no-control-regex
const c0 = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;

/**
 * Make subject output safe for XML 1.0 (and HTML): C0 control characters become visible `\xNN`,
 * and what still cannot be carried (lone surrogates, U+FFFE, U+FFFF) is dropped.
 */
export function xmlSafe(s: string): string {
  return s
    .replace(c0, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(xmlInvalid, '');
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replace lone surrogates with U+FFFD, so the text is the same once written as UTF-8. */
export function wellFormed(s: string): string {
  return s.replace(loneSurrogate, '\uFFFD');
}

/** Seconds with millisecond precision as a plain decimal (never exponent notation). */
export function seconds(ms: number): number {
  return Number((Math.max(0, ms) / 1000).toFixed(3));
}

/** Write `text` to `destination` (a file path; creating its directory) or to stdout when absent or `-`. */
export async function emit(text: string, destination: string | undefined): Promise<void> {
  if (destination === undefined || destination === '-') {
    await new Promise<void>((resolve, reject) =>
      // a reader that went away (`| head`) has all it wants: not an error of the run
      process.stdout.write(text, (err) =>
        err && (err as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(err) : resolve(),
      ),
    );
    return;
  }
  await mkdir(dirname(destination), { recursive: true });
  await writeFile(destination, text, 'utf8');
}

/** `covered/total (pct%)` of a coverage count, the percentage rounded down to one decimal. */
export function coverageCountText(c: CoverageCount): string {
  const pct = c.total === 0 ? 100 : Math.floor((c.covered * 1000) / c.total) / 10;
  return `${c.covered}/${c.total} (${pct}%)`;
}

/** Fixed-width table of coverage totals: document, all levels, MUST-level. */
export function coverageTotalsLines(section: CoverageSection): string[] {
  const width = Math.max(8, ...section.totals.map((t) => t.doc.length));
  return [
    `${'document'.padEnd(width)}  ${'all levels'.padEnd(18)}  MUST/REQUIRED`,
    ...section.totals.map(
      (t) => `${t.doc.padEnd(width)}  ${coverageCountText(t.all).padEnd(18)}  ${coverageCountText(t.must)}`,
    ),
  ];
}
