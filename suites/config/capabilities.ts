// The capability rules' shared pieces: a walk over process.capabilities, and how a capability the
// runtime cannot grant is judged (an error before 1.1.0, a warning the runtime logs since).
import type { FindingLevel } from '../../model/report.js';
import type { RequirementId } from '../../requirements/index.js';
import { CAPABILITY_SETS } from './data.js';
import { arr, isObject, processOf, targetOs, versionAtLeast } from './util.js';

/** One of the five capability sets of process.capabilities. */
export type CapabilitySetName = (typeof CAPABILITY_SETS)[number];

/** Calls `fn` for every string entry of a Linux config's five capability sets, in set then list order. */
export function forEachCapability(
  value: any,
  fn: (name: string, set: CapabilitySetName, index: number) => void,
): void {
  const caps = processOf(value)?.capabilities;
  if (!isObject(caps) || targetOs(value) !== 'linux') return;
  for (const set of CAPABILITY_SETS) {
    const list = arr(caps[set]);
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (typeof c === 'string') fn(c, set, i);
    }
  }
}

/** Where and how a capability entry the runtime cannot grant is reported. */
export interface UngrantableCapability {
  pointer: string;
  requirements: RequirementId[];
  /** `must` before 1.1.0 (the runtime MUST error), `hazard` since (it only warns). */
  level: FindingLevel;
}

/**
 * How the entry `set[index]` naming a capability the runtime cannot grant is judged for `specVersion`:
 * before 1.1.0 an invalid value (config.valid-values.error, MUST); since 1.1.0 a hazard the runtime
 * only logs (config.process.capabilities.unmappable-warning).
 */
export function ungrantableCapability(
  specVersion: string,
  set: string,
  index: number,
): UngrantableCapability {
  const old = !versionAtLeast(specVersion, '1.1.0');
  return {
    pointer: `/process/capabilities/${set}/${index}`,
    requirements: old ? ['config.valid-values.error'] : ['config.process.capabilities.unmappable-warning'],
    level: old ? 'must' : 'hazard',
  };
}
