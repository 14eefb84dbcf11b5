// The expected-failures baseline (`--expect FILE`): known failures of a runtime, each with a reason and the
// spec text it breaks, so a vendor's CI fails only on change. Applied once, at the end of a run.
import { readFile } from 'node:fs/promises';
import type { CaseResult } from '../../model/report.js';

/** One expected failure. */
export interface ExpectedFailure {
  /** Case id. */
  id: string;
  /** Why it fails (what the runtime does instead). */
  reason: string;
  /** The spec text the runtime breaks (quoted or paraphrased, with the document). */
  spec?: string;
  /** Requirement ids broken. */
  requirements?: string[];
}

/** A baseline file. */
export interface Baseline {
  /** What the baseline was recorded against, e.g. `runc 1.1.5`. */
  runtime?: string;
  /** Profile the verdicts are for. */
  profile?: 'spec' | 'runc-compat';
  specVersion?: string;
  expectedFailures: ExpectedFailure[];
}

/** A baseline that cannot be read or does not have the expected shape (a usage error). */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Checks the shape of a parsed baseline; `file` names it in messages. */
export function parseBaseline(value: unknown, file: string): Baseline {
  const bad = (what: string) => new BaselineError(`${file}: ${what}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw bad('expected a JSON object');
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.expectedFailures)) throw bad('expected an array "expectedFailures"');
  const seen = new Set<string>();
  const expectedFailures = v.expectedFailures.map((e, i) => {
    if (e === null || typeof e !== 'object') throw bad(`expectedFailures[${i}]: expected an object`);
    const x = e as Record<string, unknown>;
    if (typeof x.id !== 'string' || x.id === '') throw bad(`expectedFailures[${i}]: expected a string "id"`);
    if (typeof x.reason !== 'string' || x.reason.trim() === '')
      throw bad(`expectedFailures[${i}] (${x.id}): expected a non-empty "reason"`);
    if (seen.has(x.id)) throw bad(`expectedFailures[${i}]: case ${x.id} is listed twice`);
    seen.add(x.id);
    const out: ExpectedFailure = { id: x.id, reason: x.reason };
    if (typeof x.spec === 'string') out.spec = x.spec;
    if (Array.isArray(x.requirements)) out.requirements = x.requirements.map(String);
    return out;
  });
  if (v.profile !== undefined && v.profile !== 'spec' && v.profile !== 'runc-compat')
    throw bad(`expected "profile" to be spec or runc-compat but found ${JSON.stringify(v.profile)}`);
  return {
    ...(typeof v.runtime === 'string' ? { runtime: v.runtime } : {}),
    ...(v.profile !== undefined ? { profile: v.profile as Baseline['profile'] } : {}),
    ...(typeof v.specVersion === 'string' ? { specVersion: v.specVersion } : {}),
    expectedFailures,
  };
}

export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`${file}: cannot read the baseline: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file}: expected JSON but found a parse error: ${(e as Error).message}`);
  }
  return parseBaseline(value, file);
}

/** Ids the baseline lists that name no known case (a stale or mistyped baseline). */
export function unknownBaselineIds(baseline: Baseline, knownIds: Iterable<string>): string[] {
  const known = new Set(knownIds);
  return baseline.expectedFailures.map((e) => e.id).filter((id) => !known.has(id));
}

/**
 * Applies the baseline: a listed case that failed becomes `xfail`, a listed case that passed becomes
 * `xpass` (reported so the baseline gets updated). Skipped and errored cases keep their status.
 */
export function applyBaseline(results: CaseResult[], baseline: Baseline): CaseResult[] {
  const byId = new Map(baseline.expectedFailures.map((e) => [e.id, e]));
  return results.map((r) => {
    const e = byId.get(r.id);
    if (!e) return r;
    const notes = [
      ...(r.evidence.notes ?? []),
      `baseline: ${e.reason}`,
      ...(e.spec ? [`spec: ${e.spec}`] : []),
    ];
    const evidence = { ...r.evidence, notes };
    if (r.status === 'fail')
      return { ...r, status: 'xfail', reason: `expected failure: ${e.reason}`, evidence };
    if (r.status === 'pass')
      return {
        ...r,
        status: 'xpass',
        reason: `listed as an expected failure (${e.reason}) but passed`,
        evidence,
      };
    return r;
  });
}

/** Does a case id or group match a `--filter` glob (`*` any run of characters, `?` one)? */
export function matchesFilter(id: string, group: string, pattern: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('')
        .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
  );
  return re.test(id) || re.test(group) || id.startsWith(pattern + '.');
}
