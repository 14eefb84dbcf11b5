// JUnit XML reporter for CI servers: one testsuite per group (file or runtime area), one testcase per
// case, requirements as suite properties, evidence in system-out. Output validates against the Jenkins
// xUnit JUnit schema (test/fixtures/junit-10.xsd) and is byte-identical for the same report.
import junitReportBuilder from 'junit-report-builder';
import type { Builder, TestCase } from 'junit-report-builder';
import xmlbuilder from 'xmlbuilder';
import type { CaseResult, Finding, Report } from '../model/report.js';
import {
  argvText,
  compareStrings,
  exitText,
  failingCommand,
  findingTag,
  groupCases,
  locationPointer,
  locationText,
  seconds,
  severityWord,
  xmlSafe,
  tail,
  valueText,
  viewRequirements,
  emit,
} from './common.js';
import type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';

/**
 * Text for element content. junit-report-builder writes bodies as CDATA and xmlbuilder splits only
 * the first `]]>` of a CDATA section, so a second one would end the section early and break the XML:
 * we break every `]]>` ourselves (`]] >`) and drop characters XML 1.0 cannot carry.
 */
function body(s: string): string {
  return xmlSafe(s).replace(/]]>/g, ']] >');
}

/** Text for attribute values (xmlbuilder escapes quotes, `<`, `&` and newlines). */
function attr(s: string): string {
  return xmlSafe(s);
}

function findingBlock(f: Finding, opts: ReporterOptions, withSeverity: boolean): string[] {
  const sev = withSeverity ? `${severityWord(f)}: ` : '';
  const out = [`${sev}${locationText(f.location)}: ${f.message} ${findingTag(f, opts)}`];
  const pointer = locationPointer(f.location);
  if (pointer) out.push(`  pointer: ${pointer}`);
  if (f.expected !== undefined) out.push(`  expected: ${valueText(f.expected)}`);
  if (f.actual !== undefined) out.push(`  actual: ${valueText(f.actual)}`);
  return out;
}

function indentLines(s: string, by: string): string[] {
  return s.split('\n').map((l) => `${by}${l}`);
}

/** Everything a person needs to believe the verdict, as plain text for `<system-out>`. */
function systemOut(c: CaseResult, opts: ReporterOptions): string {
  const out: string[] = [`case: ${c.id}`, `group: ${c.group}`, `status: ${c.status}`];
  if (c.reason) out.push(`reason: ${c.reason}`);
  if (c.requirements.length > 0) {
    out.push('requirements:');
    for (const r of viewRequirements(c.requirements, opts))
      out.push(`  ${r.id} (${r.level ?? 'unknown level'})${r.link ? ` ${r.link}` : ''}`);
  }
  if (c.findings.length > 0) {
    out.push('findings:');
    for (const f of c.findings) out.push(...findingBlock(f, opts, true).map((l) => `  ${l}`));
  }
  const ev = c.evidence;
  if (ev.commands && ev.commands.length > 0) {
    out.push('commands:');
    for (const cmd of ev.commands) {
      out.push(`  $ ${argvText(cmd.argv)}`);
      out.push(`    ${exitText(cmd.exitCode, cmd.signal, cmd.timedOut)}, ${Math.round(cmd.durationMs)} ms`);
      const err = tail(cmd.stderr, 20, 4000);
      if (err) out.push('    stderr (tail):', ...indentLines(err, '      '));
      const stdout = tail(cmd.stdout, 20, 4000);
      if (stdout) out.push('    stdout (tail):', ...indentLines(stdout, '      '));
    }
  }
  if (ev.observation !== undefined)
    out.push('observation:', ...indentLines(valueText(ev.observation, 2), '  '));
  if (ev.expected !== undefined) out.push('expected:', ...indentLines(valueText(ev.expected, 2), '  '));
  if (ev.reference !== undefined)
    out.push('reference runtime observation:', ...indentLines(valueText(ev.reference, 2), '  '));
  if (ev.notes && ev.notes.length > 0) out.push('notes:', ...ev.notes.map((n) => `  - ${n}`));
  return out.join('\n');
}

function errorFindings(c: CaseResult): Finding[] {
  return c.findings.filter((f) => (f.severity ?? 'error') === 'error');
}

function failureOf(c: CaseResult, opts: ReporterOptions): { message: string; type: string; text: string } {
  const errors = errorFindings(c);
  const first = errors[0];
  if (c.status === 'xpass') {
    return {
      message: `expected to fail but passed${c.reason ? `: ${c.reason}` : ''}`,
      type: 'xpass',
      text: `case ${c.id} is listed as an expected failure${c.reason ? ` (${c.reason})` : ''} but passed`,
    };
  }
  const lines = errors.flatMap((f) => findingBlock(f, opts, false));
  const cmd = failingCommand(c);
  if (cmd) {
    lines.push(`$ ${argvText(cmd.argv)} (${exitText(cmd.exitCode, cmd.signal, cmd.timedOut)})`);
    const err = tail(cmd.stderr, 10, 2000);
    if (err) lines.push(...indentLines(err, '  '));
  }
  return {
    message: first?.message ?? c.reason ?? 'case failed',
    type: first?.rule ?? c.id,
    text: lines.join('\n') || (c.reason ?? 'case failed'),
  };
}

function errorOf(c: CaseResult): { message: string; text: string } {
  const message = c.reason ?? 'the tool or the environment failed';
  const lines = [message];
  const cmd = failingCommand(c);
  if (cmd) {
    lines.push(`$ ${argvText(cmd.argv)} (${exitText(cmd.exitCode, cmd.signal, cmd.timedOut)})`);
    const err = tail(cmd.stderr, 10, 2000);
    if (err) lines.push(...indentLines(err, '  '));
  }
  return { message, text: lines.join('\n') };
}

// The package's typings declare an ES default export but its CommonJS build assigns module.exports:
// under Node ESM the default import is the builder itself (a bundler may hand us `.default`).
const interop = junitReportBuilder as unknown as Builder & { default?: Builder };
const builder: Builder = interop.default ?? interop;

function byId(a: CaseResult, b: CaseResult): number {
  return compareStrings(a.id, b.id);
}

/** Render the report as JUnit XML (deterministic: suites and cases sorted by name, no wall-clock time). */
export function renderJunit(report: Report, opts: ReporterOptions): string {
  // A fresh builder per render: the package's default export is a shared, stateful instance.
  const lib = builder.newBuilder();
  // SPEC: the Jenkins xUnit schema does not allow a `skipped` attribute on <testsuites>, which
  // junit-report-builder writes, so the root element is ours and the library builds the suites.
  const root = xmlbuilder.create('testsuites', {
    version: '1.0',
    encoding: 'UTF-8',
    invalidCharReplacement: '',
  });
  const toolErrors = report.errors ?? [];
  root.att('name', attr(`${report.tool.name} ${report.command}`));
  root.att('tests', report.cases.length + (toolErrors.length > 0 ? 1 : 0));
  root.att('failures', report.cases.filter((c) => c.status === 'fail' || c.status === 'xpass').length);
  root.att(
    'errors',
    report.cases.filter((c) => c.status === 'error').length + (toolErrors.length > 0 ? 1 : 0),
  );
  root.att('time', seconds(report.durationMs));

  const groups = groupCases(report.cases);
  if (toolErrors.length > 0 && !groups.some(([g]) => g === report.tool.name))
    groups.push([report.tool.name, []]);
  groups.sort(([a], [b]) => compareStrings(a, b));

  for (const [group, unsorted] of groups) {
    // Stable sort: cases with the same id keep the report's order.
    const cases = [...unsorted].sort(byId);
    const suite = lib
      .testSuite()
      .name(attr(group))
      .timestamp(attr(report.startedAt))
      .time(seconds(cases.reduce((n, c) => n + c.durationMs, 0)));
    suite.property('spec.version', attr(report.specVersion));
    suite.property('level', report.level);
    if (report.profile) suite.property('profile', report.profile);
    if (report.host?.cgroupMode) suite.property('host.cgroup', report.host.cgroupMode);
    if (report.host?.timeoutScale !== undefined)
      suite.property('host.timeoutScale', String(report.host.timeoutScale));
    const ids = [...new Set(cases.flatMap((c) => c.requirements))].sort(compareStrings);
    for (const r of viewRequirements(ids, opts)) {
      suite.property('requirement', attr(r.id));
      suite.property('requirement.level', attr(r.level ?? 'unknown'));
      suite.property('requirement.link', attr(r.link ?? ''));
    }
    for (const c of cases) {
      if (c.status !== 'xfail') continue;
      suite.property('xfail', attr(c.id));
      suite.property('xfail.reason', attr(c.reason ?? ''));
    }

    const skipReasons: (string | undefined)[] = [];
    for (const c of cases) {
      const tc: TestCase = suite
        .testCase()
        .className(attr(group))
        .name(attr(c.id))
        .time(seconds(c.durationMs));
      skipReasons.push(c.status === 'skip' ? (c.reason ?? 'skipped') : undefined);
      switch (c.status) {
        case 'fail':
        case 'xpass': {
          const f = failureOf(c, opts);
          tc.failure(attr(f.message), attr(f.type)).stacktrace(body(f.text));
          break;
        }
        case 'error': {
          const e = errorOf(c);
          tc.error(attr(e.message), 'error', body(e.text));
          break;
        }
        case 'skip':
          tc.skipped();
          break;
        case 'pass':
        case 'xfail':
          break;
      }
      tc.standardOutput(body(systemOut(c, opts)));
    }
    if (group === report.tool.name && toolErrors.length > 0) {
      const tc = suite.testCase().className(attr(group)).name('tool-errors').time(0);
      tc.error(attr(toolErrors[0]!), 'tool-error', body(toolErrors.join('\n')));
      skipReasons.push(undefined);
    }

    const suiteEl = suite.build(root);
    // The schema allows `file` on <testsuite> (not on <testcase>): for validation the group is a file.
    if (report.command !== 'run' && group !== report.tool.name) suiteEl.att('file', attr(group));
    // junit-report-builder writes <skipped/> without a reason; the schema allows `message`, CI shows it.
    const testcases = suiteEl.children.filter(
      (n): n is xmlbuilder.XMLElement => (n as xmlbuilder.XMLElement).name === 'testcase',
    );
    testcases.forEach((el, i) => {
      const reason = skipReasons[i];
      if (reason === undefined) return;
      const skipped = el.children.find((n) => (n as xmlbuilder.XMLElement).name === 'skipped') as
        xmlbuilder.XMLElement | undefined;
      skipped?.att('message', attr(reason));
    });
  }
  return `${root.end({ pretty: true, indent: '  ', newline: '\n' })}\n`;
}

/** JUnit reporter factory (`--reporter junit=out.xml`). */
export const junitReporter: ReporterFactory = (opts): Reporter => ({
  name: 'junit',
  async finish(report) {
    const text = renderJunit(report, opts);
    await emit(text, opts.destination);
    return text;
  },
});
