// `oci-conform coverage`: which cases of the runtime suite cover each live-testable requirement of the
// registry (test kind cli or inside), the uncovered ones, and totals per spec document.
import { parseArgs } from 'node:util';
import { registry } from '../requirements/index.js';
import { computeCoverage } from '../harness/runtime/coverage.js';
import { runtimeCases } from '../suites/runtime/index.js';
import { parseSpecVersion } from './run.js';
import { commonOptions, finishReport, parseCommon, UsageError } from './common.js';

const help = `usage: oci-conform coverage [--spec-version V] [--reporter NAME[=FILE]]...

Prints, for every requirement of the registry that a runtime case can check (test kind cli or inside)
and that applies to the spec version, the cases that list it, the uncovered ones, and the totals per
spec document (all levels, and MUST/REQUIRED separately). Nothing is run.

options:
  --spec-version V        requirements and cases of runtime-spec V (default 1.3.0)
  --reporter NAME[=FILE]  text (default), json or html (repeatable); json is the report's coverage section`;

const allowed = new Set(['text', 'json', 'html']);

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...commonOptions, 'spec-version': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const common = parseCommon(values);
  for (const r of common.reporters)
    if (!allowed.has(r.name))
      throw new UsageError(`--reporter: expected text, json or html for coverage but found ${r.name}`);
  const specVersion = parseSpecVersion('--spec-version', values['spec-version'], '1.3.0');
  const coverage = computeCoverage({ requirements: registry.values(), cases: runtimeCases, specVersion });
  return finishReport(
    {
      command: 'coverage',
      specVersion,
      subject: { kind: 'runtime', paths: [] },
      cases: [],
      coverage,
    },
    common,
    { statusFromFindings: false },
  );
}
