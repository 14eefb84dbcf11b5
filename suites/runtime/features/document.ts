// features.document: the runtime's `features` output is a features document (features.md) valid against
// the schema of the version it claims as ociVersionMax, with ociVersionMax not below ociVersionMin.
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { compareVersions, findingLevelOf, registry } from '../../../requirements/index.js';
import { resolveSpecVersion, validateDocument } from '../../../schemas/index.js';
import { defineCase } from '../../../harness/runtime/case.js';
import { observationFinding } from '../area-kit.js';

const id = 'features.document';

const requirements: RuntimeRequirementId[] = [
  'features.provided',
  'features.ociVersionMin',
  'features.ociVersionMax',
  'features.ociVersionMax-ge-min',
  'features.no-unknown-properties',
  'features.annotations-map',
];

/** What the `features` command printed and how it exited. */
export interface FeaturesOutput {
  exitCode: number | null;
  stdout: string;
}

/**
 * Judges a `features` output for spec `specVersion`: a missing command is a finding against
 * features.provided (a MAY: it never fails the run at the default level) from 1.1.0 on, and nothing
 * before (the document did not exist); a document is checked against the schema of its ociVersionMax.
 */
export function checkFeaturesDocument(
  out: FeaturesOutput,
  specVersion: string,
): { findings: Finding[]; note?: string } {
  if (out.exitCode !== 0) {
    if (compareVersions(specVersion, '1.1.0') < 0)
      return {
        findings: [],
        note: `the runtime has no features command (exit code ${out.exitCode ?? 'none'}): features.md exists since spec 1.1.0, the run targets ${specVersion}`,
      };
    return {
      findings: [
        observationFinding(
          id,
          ['features.provided'],
          'features exit code',
          `expected the features command to print the runtime's features document, found exit code ${out.exitCode ?? 'none'}`,
          0,
          out.exitCode,
        ),
      ],
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(out.stdout);
  } catch (e) {
    return {
      findings: [
        observationFinding(
          id,
          ['features.ociVersionMin', 'features.ociVersionMax'],
          'features stdout',
          `expected a JSON features document on stdout, found something else: ${(e as Error).message}`,
        ),
      ],
    };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return {
      findings: [
        observationFinding(
          id,
          ['features.ociVersionMin', 'features.ociVersionMax'],
          'features stdout',
          `expected a JSON object, found ${Array.isArray(doc) ? 'an array' : typeof doc}`,
        ),
      ],
    };
  const o = doc as Record<string, unknown>;
  const max = typeof o.ociVersionMax === 'string' ? o.ociVersionMax : undefined;
  const resolved = resolveSpecVersion(max);
  const findings: Finding[] = validateDocument('features', resolved.version, doc, {
    // a document claiming a version newer than our newest schema may hold properties we do not know
    ignoreUnknownProperties: resolved.newer === true,
  }).map((e) => {
    const reqs = e.requirements.filter((r) => registry.has(r)) as RuntimeRequirementId[];
    const f = observationFinding(id, reqs, `features${e.pointer}`, e.message, e.expected, e.actual);
    const first = reqs[0] ? registry.get(reqs[0]) : undefined;
    if (first) f.level = findingLevelOf(first);
    return f;
  });
  const min = typeof o.ociVersionMin === 'string' ? o.ociVersionMin : undefined;
  if (min !== undefined && max !== undefined && compareVersions(max, min) < 0)
    findings.push(
      observationFinding(
        id,
        ['features.ociVersionMax-ge-min'],
        'features/ociVersionMax',
        `expected ociVersionMax to be at least ociVersionMin ${min}, found ${max}`,
        `>= ${min}`,
        max,
      ),
    );
  return { findings };
}

export const featuresDocument = defineCase({
  id,
  group: 'features',
  requirements,
  description:
    "runs the runtime's features command and validates the document against the features schema of its ociVersionMax",
  async run(ctx) {
    const rec = await ctx.runtime.raw(['features']);
    const { findings, note } = checkFeaturesDocument(rec, ctx.specVersion);
    if (note) ctx.note(note);
    return findings;
  },
});
