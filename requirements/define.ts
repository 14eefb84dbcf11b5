// Helpers that turn a document's requirement table into typed, checked data.
import type { Requirement, Rfc2119 } from '../model/report.js';

export interface RequirementSeed {
  since: string;
  until?: string;
  anchor: string;
  level: Rfc2119;
  /** How the requirement is checked: static config/document, runtime CLI, from inside, or not at all. */
  test: 'cli' | 'inside' | 'config' | 'untestable' | 'document' | 'layer';
  text: string;
}

export type RequirementTable<K extends string> = {
  readonly [P in K]: Requirement & { test: RequirementSeed['test'] };
};

/** Types a document's table: the keys become the ids, and spec/doc are filled in. */
export function defineRequirements<const K extends string>(
  spec: Requirement['spec'],
  doc: string,
  seeds: Record<K, RequirementSeed>,
): RequirementTable<K> {
  const out = {} as Record<string, Requirement & { test: RequirementSeed['test'] }>;
  for (const [id, s] of Object.entries(seeds) as [K, RequirementSeed][]) {
    out[id] = { id, spec, doc, ...s };
  }
  return out as RequirementTable<K>;
}
