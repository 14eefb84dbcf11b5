// Checks a state document against the state schema of the run's spec version (schemas/), as the harness
// does after every successful `state` call.
import { resolveSpecVersion, validateDocument } from '../../schemas/index.js';

/** One violation of the state schema. */
export interface StateProblem {
  /** RFC 6901 pointer into the state document. */
  pointer: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

/**
 * Violations of the state schema of `specVersion` by `value` (empty when it conforms).
 * SPEC: the state's own `ociVersion` is the runtime's version, not the run's; the runtime is judged
 * by the version the run targets, so that schema is used (1.0.0 and 1.0.1 map to the 1.0.2 schema).
 */
export function checkStateDocument(specVersion: string, value: unknown): StateProblem[] {
  const { version } = resolveSpecVersion(undefined, specVersion);
  return validateDocument('state', version, value).map((e) => ({
    pointer: e.pointer,
    message: e.message,
    ...(e.expected !== undefined ? { expected: e.expected } : {}),
    ...(e.actual !== undefined ? { actual: e.actual } : {}),
  }));
}
