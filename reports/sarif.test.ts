// The SARIF reporter: every output validates against the SARIF 2.1.0 JSON Schema (a copy of the
// published schema in test/fixtures), and results carry rule, level, file, line, column and help link.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { renderSarif } from './sarif.js';
import { emptyReport, hostileReport, runReport, testOptions, validateReport } from './testing.js';

const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '../test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// CommonJS default exports seen from ESM
const Ajv = (AjvDraft04Module as unknown as { default: typeof AjvDraft04Module }).default ?? AjvDraft04Module;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new (Ajv as any)({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema has a non-unicode pattern
(addFormats as unknown as (a: unknown) => void)(ajv);
const validate = ajv.compile(schema);

function valid(report: Report) {
  const log = renderSarif(report, testOptions());
  const ok = validate(JSON.parse(JSON.stringify(log)));
  return {
    log,
    errors: ok
      ? []
      : (validate.errors ?? []).map(
          (e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`,
        ),
  };
}

describe('sarif reporter', () => {
  it.each([
    ['validate', validateReport],
    ['run', runReport],
    ['hostile', hostileReport],
    ['empty', emptyReport],
  ])('%s report validates against the SARIF 2.1.0 schema', (_name, make) => {
    expect(valid(make()).errors).toEqual([]);
  });

  it('has one result per finding (expected failures left out) with rule, level, file, line, column and help link', () => {
    const report = validateReport();
    const { log } = valid(report);
    const run = log.runs[0]!;
    const findings = report.cases.filter((c) => c.status !== 'xfail').flatMap((c) => c.findings);
    expect(run.results).toHaveLength(findings.length);
    const f = findings.find((x) => x.location.kind === 'document')!;
    const r = run.results!.find((x) => x.ruleId === f.rule && x.message.text === f.message)!;
    const loc = f.location as { file: string; line: number; column: number };
    expect(r.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: loc.file },
      region: { startLine: loc.line, startColumn: loc.column },
    });
    expect(r.level).toBe(f.severity === 'warning' ? 'warning' : f.severity === 'info' ? 'note' : 'error');
    const rule = run.tool.driver.rules![r.ruleIndex!]!;
    expect(rule.id).toBe(f.rule);
    expect(rule.helpUri).toBe(testOptions().describe(f.requirements[0]!)?.link);
  });

  it('keeps a suppressed finding as a result with a suppression', () => {
    const report = validateReport();
    const c = report.cases.find((x) => x.findings.length > 0)!;
    c.findings[0] = { ...c.findings[0]!, suppressed: true };
    const { log, errors } = valid(report);
    expect(errors).toEqual([]);
    expect(log.runs[0]!.results!.filter((r) => r.suppressions?.length)).toHaveLength(1);
  });
});
