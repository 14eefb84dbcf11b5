// Requirement coverage: for every live-testable requirement of a spec version, the cases that list it and,
// after a run, their outcome; totals per spec document. Pure: the registry and the cases are arguments.
import type {
  CaseResult,
  CoverageCount,
  CoverageSection,
  CoverageTotals,
  Requirement,
  RequirementCoverage,
} from '../../model/report.js';
import { appliesTo, compareVersions, specLink } from '../../requirements/index.js';

/** Test kinds of requirements a runtime case can check (through the CLI, or from inside the container). */
export const liveKinds = ['cli', 'inside'] as const;

/** The levels counted in the MUST totals (the absolute requirements of RFC 2119). */
export const mustLevels: ReadonlySet<Requirement['level']> = new Set([
  'MUST',
  'MUST NOT',
  'REQUIRED',
  'SHALL',
  'SHALL NOT',
]);

/** What coverage needs of a case: its id, the requirements it lists, the spec versions it applies to. */
export interface CoverageCase {
  id: string;
  requirements: readonly string[];
  since?: string;
  until?: string;
}

export interface CoverageInput {
  /** Every requirement of the registry, with its test kind. */
  requirements: Iterable<Requirement & { test: string }>;
  /** The suite's cases (all of them, not only the ones a filter selected). */
  cases: readonly CoverageCase[];
  specVersion: string;
  /** Results of a run: sets each requirement's `status`. */
  results?: readonly CaseResult[];
  /** @default liveKinds */
  kinds?: readonly string[];
}

function caseApplies(c: CoverageCase, version: string): boolean {
  return (
    (c.since === undefined || compareVersions(version, c.since) >= 0) &&
    (c.until === undefined || compareVersions(version, c.until) < 0)
  );
}

function statusOf(
  ids: readonly string[],
  byId: ReadonlyMap<string, CaseResult>,
): RequirementCoverage['status'] {
  const ran = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  if (
    ran.some(
      (r) => r.status === 'fail' || r.status === 'xfail' || r.status === 'error' || r.status === 'xpass',
    )
  )
    return 'fail';
  if (ran.some((r) => r.status === 'pass')) return 'pass';
  if (ran.some((r) => r.status === 'skip')) return 'skip';
  return 'untested';
}

const zero = (): CoverageCount => ({ covered: 0, total: 0 });

/**
 * The coverage section: requirements of `kinds` that apply to `specVersion`, sorted by document then id,
 * each with the applicable cases that list it; totals per document and over all (`all`).
 *
 * SPEC: a requirement counts as covered when a case applicable to the version lists it; an `xpass`
 * (expected to fail, passed) counts as `fail` like in the run's exit code.
 */
export function computeCoverage(input: CoverageInput): CoverageSection {
  const kinds = new Set(input.kinds ?? liveKinds);
  const v = input.specVersion;
  const casesOf = new Map<string, string[]>();
  for (const c of input.cases) {
    if (!caseApplies(c, v)) continue;
    for (const id of new Set(c.requirements)) casesOf.set(id, [...(casesOf.get(id) ?? []), c.id]);
  }
  const byId = new Map((input.results ?? []).map((r) => [r.id, r]));
  const reqs = [...input.requirements]
    .filter((r) => kinds.has(r.test) && appliesTo(r, v))
    .sort((a, b) => (a.doc === b.doc ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.doc < b.doc ? -1 : 1));
  const totals = new Map<string, CoverageTotals>();
  const all: CoverageTotals = { doc: 'all', all: zero(), must: zero() };
  const requirements = reqs.map((r): RequirementCoverage => {
    const cases = [...(casesOf.get(r.id) ?? [])].sort();
    let t = totals.get(r.doc);
    if (!t) totals.set(r.doc, (t = { doc: r.doc, all: zero(), must: zero() }));
    for (const x of [t, all]) {
      x.all.total++;
      if (cases.length) x.all.covered++;
      if (mustLevels.has(r.level)) {
        x.must.total++;
        if (cases.length) x.must.covered++;
      }
    }
    return {
      id: r.id,
      level: r.level,
      doc: r.doc,
      link: specLink(r, v),
      cases,
      ...(input.results ? { status: statusOf(cases, byId) } : {}),
    };
  });
  return { kinds: [...kinds], requirements, totals: [...totals.values(), all] };
}
