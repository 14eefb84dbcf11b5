// The requirement registry: every normative statement we check, as data, total and typed.
// A rule or case naming an unknown id does not compile (RequirementId is a union of literal keys).
import type { Requirement } from '../model/report.js';
import { compareVersions } from '../model/version.js';
import { runtimeDocs, type RuntimeRequirementId } from './runtime/index.js';
import { imageDocs, type ImageRequirementId } from './image/index.js';
import type { RequirementSeed } from './define.js';

export type RequirementId = RuntimeRequirementId | ImageRequirementId;
export type { RuntimeRequirementId, ImageRequirementId };

/** A requirement as the registry holds it: with how it is tested (static, runtime CLI, inside...). */
export type RegisteredRequirement = Requirement & { test: RequirementSeed['test'] };

function build(): Map<string, RegisteredRequirement> {
  const m = new Map<string, RegisteredRequirement>();
  for (const table of [...runtimeDocs, ...imageDocs]) {
    for (const r of Object.values(table) as RegisteredRequirement[]) {
      if (m.has(r.id))
        throw new Error(`duplicate requirement id ${r.id} (in ${r.doc} and ${m.get(r.id)!.doc})`);
      m.set(r.id, r);
    }
  }
  return m;
}

/** All requirements by id. Built once; throws on a duplicate id. */
export const registry: ReadonlyMap<string, RegisteredRequirement> = build();

export function requirement(id: RequirementId): Requirement {
  const r = registry.get(id);
  if (!r) throw new Error(`unknown requirement id ${id}`);
  return r;
}

const repo = { runtime: 'runtime-spec', image: 'image-spec' } as const;

/** Link to the requirement's section in the spec text of `version` (e.g. 1.3.0). */
export function specLink(r: Requirement, version: string): string {
  return `https://github.com/opencontainers/${repo[r.spec]}/blob/v${version}/${r.doc}#${r.anchor}`;
}

/** Does the requirement apply to documents of spec `version`? */
export function appliesTo(r: Requirement, version: string): boolean {
  return (
    compareVersions(version, r.since) >= 0 && (r.until === undefined || compareVersions(version, r.until) < 0)
  );
}

export { compareVersions };

/** The failing class of a requirement, from its RFC 2119 keyword (lower-case "must" is advice). */
export function findingLevelOf(r: Requirement): 'must' | 'should' | 'may' {
  return levelClass[r.level];
}

const levelClass: Record<Requirement['level'], 'must' | 'should' | 'may'> = {
  MUST: 'must',
  'MUST NOT': 'must',
  REQUIRED: 'must',
  SHALL: 'must',
  'SHALL NOT': 'must',
  DESCRIPTIVE: 'must',
  SHOULD: 'should',
  'SHOULD NOT': 'should',
  RECOMMENDED: 'should',
  'NOT RECOMMENDED': 'should',
  'INFORMAL-MUST': 'should',
  'INFORMAL-SHOULD': 'should',
  MAY: 'may',
  OPTIONAL: 'may',
};
