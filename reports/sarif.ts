// SARIF 2.1.0 reporter (code scanning, editors): one run, a rule per rule id with its help link, a result
// per finding with file, line, column, level and the JSON pointer; suppressed findings keep their
// place with a suppression. Validated in tests against the SARIF 2.1.0 JSON Schema.
import type * as Sarif from 'sarif';
import type { Finding, Report } from '../model/report.js';
import { emit, locationPointer, locationText } from './common.js';
import type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';

const levelOf = (f: Finding): Sarif.Result.level =>
  f.severity === 'warning' ? 'warning' : f.severity === 'info' ? 'note' : 'error';

/** An artifact URI for a file path: relative paths stay relative (SARIF resolves them against the run). */
function uriOf(file: string): string {
  return encodeURI(file).replace(/#/g, '%23').replace(/\?/g, '%3F');
}

function locationOf(f: Finding): Sarif.Location {
  const loc = f.location;
  switch (loc.kind) {
    case 'document':
      return {
        physicalLocation: {
          artifactLocation: { uri: uriOf(loc.file) },
          region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column) },
        },
        ...(loc.pointer ? { logicalLocations: [{ fullyQualifiedName: loc.pointer, kind: 'object' }] } : {}),
      };
    case 'file':
      return {
        physicalLocation: {
          artifactLocation: { uri: uriOf(loc.file) },
          ...(loc.line !== undefined
            ? {
                region: {
                  startLine: Math.max(1, loc.line),
                  ...(loc.column ? { startColumn: loc.column } : {}),
                },
              }
            : {}),
        },
      };
    case 'layer':
      return {
        physicalLocation: { artifactLocation: { uri: uriOf(loc.file) } },
        logicalLocations: [
          { fullyQualifiedName: loc.path ? `${loc.digest}!/${loc.path}` : loc.digest, kind: 'module' },
        ],
      };
    default:
      return { logicalLocations: [{ fullyQualifiedName: locationText(loc) }] };
  }
}

/** The SARIF log of a report (pure). */
export function renderSarif(report: Report, opts: Pick<ReporterOptions, 'describe'>): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Sarif.Result[] = [];
  for (const c of report.cases) {
    if (c.status === 'xfail') continue; // expected by the baseline: not a result to act on
    for (const f of c.findings) {
      let index = ruleIndex.get(f.rule);
      if (index === undefined) {
        const first = f.requirements[0];
        const d = first === undefined ? undefined : opts.describe(first);
        index = rules.length;
        ruleIndex.set(f.rule, index);
        rules.push({
          id: f.rule,
          ...(d ? { shortDescription: { text: d.text }, helpUri: d.link } : {}),
          properties: { requirements: f.requirements, ...(d ? { keyword: d.level } : {}) },
        });
      }
      const pointer = locationPointer(f.location);
      results.push({
        ruleId: f.rule,
        ruleIndex: index,
        level: levelOf(f),
        message: { text: f.message },
        locations: [locationOf(f)],
        ...(f.suppressed
          ? {
              suppressions: [{ kind: 'external', justification: 'disabled by --disable or the policy file' }],
            }
          : {}),
        properties: {
          class: f.level,
          requirements: f.requirements,
          ...(pointer !== undefined ? { pointer } : {}),
          ...(f.expected !== undefined ? { expected: f.expected } : {}),
          ...(f.actual !== undefined ? { actual: f.actual } : {}),
        },
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/opencontainers/runtime-spec',
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: report.exitCode !== 3,
            exitCode: report.exitCode,
            ...(report.errors?.length
              ? {
                  toolExecutionNotifications: report.errors.map((e) => ({
                    level: 'error' as const,
                    message: { text: e },
                  })),
                }
              : {}),
          },
        ],
        results,
        properties: { command: report.command, specVersion: report.specVersion, level: report.level },
      },
    ],
  };
}

/** SARIF reporter factory (`--reporter sarif[=file]`). */
export const sarifReporter: ReporterFactory = (opts): Reporter => ({
  name: 'sarif',
  async finish(report) {
    const text = `${JSON.stringify(renderSarif(report, opts), null, 2)}\n`;
    await emit(text, opts.destination);
    return text;
  },
});
