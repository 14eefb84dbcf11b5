// Checks a state document against the state schema of a spec version. One function, so the schema
// package's validator can stand behind it without touching the callers.

/** One violation of the state schema. */
export interface StateProblem {
  /** RFC 6901 pointer into the state document. */
  pointer: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Violations of the state schema of `specVersion` by `value` (empty when it conforms).
 * Local stand-in for the schema package: required properties and their types, SemVer `ociVersion`,
 * `pid` required while created or running (Linux), string-valued annotations.
 */
export function checkStateDocument(_specVersion: string, value: unknown): StateProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ pointer: '', message: 'expected an object', actual: value }];
  }
  const v = value as Record<string, unknown>;
  const out: StateProblem[] = [];
  for (const key of ['ociVersion', 'id', 'status', 'bundle']) {
    if (!(key in v)) out.push({ pointer: '', message: `expected property ${key} but it is missing` });
    else if (typeof v[key] !== 'string')
      out.push({
        pointer: `/${key}`,
        message: `expected a string but found ${typeof v[key]}`,
        actual: v[key],
      });
  }
  if (typeof v.ociVersion === 'string' && !semver.test(v.ociVersion)) {
    out.push({ pointer: '/ociVersion', message: 'expected a SemVer 2.0.0 version', actual: v.ociVersion });
  }
  if ((v.status === 'created' || v.status === 'running') && !('pid' in v)) {
    out.push({ pointer: '', message: `expected property pid while status is ${v.status} but it is missing` });
  }
  if ('pid' in v && (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid < 0)) {
    out.push({ pointer: '/pid', message: 'expected a non-negative integer', actual: v.pid });
  }
  if ('annotations' in v) {
    const a = v.annotations;
    if (a === null || typeof a !== 'object' || Array.isArray(a)) {
      out.push({ pointer: '/annotations', message: 'expected an object', actual: a });
    } else {
      for (const [k, val] of Object.entries(a)) {
        if (typeof val !== 'string')
          out.push({
            pointer: `/annotations/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
            message: 'expected a string',
            actual: val,
          });
      }
    }
  }
  return out;
}
