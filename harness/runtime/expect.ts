// The expected-failures baseline (`--expect FILE`): known failures of a runtime, each with a reason and the
// spec text it breaks, so a vendor's CI fails only on change. Applied once, at the end of a run.
import { readFile } from 'node:fs/promises';
import type { CaseResult, Finding } from '../../model/report.js';
import { registry } from '../../requirements/index.js';

/** The current baseline format (`"format": 2`): expected failures listed finding by finding. */
export const baselineFormat = 2;

/** One finding a baseline expects: the requirement it is evidence against and the check's stable key. */
export interface ExpectedFinding {
  requirement: string;
  /** The check's key (`Finding.check`: the `what` of the case's check). */
  check: string;
  /** The requirement's text (document, level and our paraphrase), for the reader. */
  spec?: string;
  /**
   * A race in the runtime: the finding appears in some runs and not in others (for example crun 1.8.1 runs
   * poststart while startContainer may still run). Expected when it appears, not reported as gone when it
   * does not; `--write-baseline` keeps it listed even in a run where it did not appear.
   */
  intermittent?: boolean;
}

/** One expected failure. */
export interface ExpectedFailure {
  /** Case id. */
  id: string;
  /** Why it fails (what the runtime does instead). */
  reason: string;
  /** The spec text the runtime breaks (quoted or paraphrased, with the document). */
  spec?: string;
  /** Format 2: the findings expected, each by requirement and check. */
  findings?: ExpectedFinding[];
  /** Format 1: requirement ids broken (any finding against one of them is expected; all when absent). */
  requirements?: string[];
  /**
   * The cgroup modes the failure is expected on (`v1`, `v2`, `hybrid`); on a host of another mode the entry
   * does not apply (the case is judged as if unlisted). Absent: every mode. For a runtime whose behaviour
   * depends on the mode (crun 1.8.1 writes `blkio.weight`, which a v1 kernel without CFQ lacks, and converts
   * the weight to `io.weight` on v2).
   */
  cgroupModes?: CgroupModeName[];
}

/** A cgroup mode a baseline entry can be limited to. */
export type CgroupModeName = 'v1' | 'v2' | 'hybrid';
const cgroupModeNames: readonly CgroupModeName[] = ['v1', 'v2', 'hybrid'];

/** A baseline file. */
export interface Baseline {
  /** 2, or 1 for a file without `format` (entries by case and requirement ids only). */
  format: 1 | 2;
  $comment?: string;
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
  if (v.format !== undefined && v.format !== baselineFormat)
    throw bad(`expected "format" to be ${baselineFormat} (or absent) but found ${JSON.stringify(v.format)}`);
  const format: 1 | 2 = v.format === undefined ? 1 : 2;
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
    if (x.cgroupModes !== undefined) {
      const modes = x.cgroupModes;
      if (
        !Array.isArray(modes) ||
        modes.length === 0 ||
        !modes.every((m) => cgroupModeNames.includes(m as CgroupModeName))
      )
        throw bad(
          `expectedFailures[${i}] (${x.id}): expected "cgroupModes" to be a non-empty array of ${cgroupModeNames.join(', ')} but found ${JSON.stringify(modes)}`,
        );
      out.cgroupModes = [...new Set(modes as CgroupModeName[])];
    }
    if (format === 2) {
      if (!Array.isArray(x.findings) || x.findings.length === 0)
        throw bad(
          `expectedFailures[${i}] (${x.id}): expected a non-empty array "findings" of { requirement, check }`,
        );
      out.findings = x.findings.map((f, j) => {
        const y = (f ?? {}) as Record<string, unknown>;
        if (typeof y.requirement !== 'string' || typeof y.check !== 'string' || y.check === '')
          throw bad(
            `expectedFailures[${i}].findings[${j}] (${x.id}): expected { "requirement": string, "check": string } but found ${JSON.stringify(f)}`,
          );
        if (y.intermittent !== undefined && typeof y.intermittent !== 'boolean')
          throw bad(
            `expectedFailures[${i}].findings[${j}] (${x.id}): expected "intermittent" to be true or false but found ${JSON.stringify(y.intermittent)}`,
          );
        return {
          requirement: y.requirement,
          check: y.check,
          ...(typeof y.spec === 'string' ? { spec: y.spec } : {}),
          ...(y.intermittent === true ? { intermittent: true } : {}),
        };
      });
    } else if (Array.isArray(x.requirements)) out.requirements = x.requirements.map(String);
    return out;
  });
  if (v.profile !== undefined && v.profile !== 'spec' && v.profile !== 'runc-compat')
    throw bad(`expected "profile" to be spec or runc-compat but found ${JSON.stringify(v.profile)}`);
  return {
    format,
    ...(typeof v.$comment === 'string' ? { $comment: v.$comment } : {}),
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

/** The warning a run prints for a baseline of the old format, or undefined. */
export function baselineWarning(baseline: Baseline, file: string): string | undefined {
  if (baseline.format === baselineFormat) return undefined;
  return `${file} has no "format" (the old format, by case and requirement ids): any finding against a listed requirement is taken as expected, which can hide a new failure; regenerate it with oci-conform run --write-baseline ${file}`;
}

/** `requirement / check`, as notes and messages name an expected finding. */
function showExpected(e: { requirement: string; check: string }): string {
  return `${e.requirement} / ${JSON.stringify(e.check)}`;
}

/** Splits a failing case's findings into listed and new, and the listed findings that did not appear. */
function matchFindings(
  findings: Finding[],
  e: ExpectedFailure,
): { marked: Finding[]; fresh: number; gone: string[] } {
  if (e.findings) {
    const hit = new Set<number>();
    const marked = findings.map((f): Finding => {
      const reqs = f.requirements.length ? f.requirements : [''];
      let listed = false;
      e.findings!.forEach((x, i) => {
        if (x.check === f.check && reqs.includes(x.requirement)) {
          listed = true;
          hit.add(i);
        }
      });
      return { ...f, baseline: listed ? 'expected' : 'new' };
    });
    const gone = e.findings.filter((x, i) => !hit.has(i) && !x.intermittent).map(showExpected);
    return { marked, fresh: marked.filter((f) => f.baseline === 'new').length, gone: [...new Set(gone)] };
  }
  // Format 1: a requirement list matches any finding against one of them; no list matches every finding.
  const reqs = e.requirements ?? [];
  const marked = findings.map((f): Finding => ({
    ...f,
    baseline: reqs.length === 0 || f.requirements.some((r) => reqs.includes(r)) ? 'expected' : 'new',
  }));
  const seen = new Set(findings.flatMap((f) => f.requirements));
  return {
    marked,
    fresh: marked.filter((f) => f.baseline === 'new').length,
    gone: reqs.filter((r) => !seen.has(r)),
  };
}

/** The host a baseline is applied on: entries limited to other cgroup modes do not apply. */
export interface BaselineHost {
  cgroupMode?: string | undefined;
}

/** Whether a baseline entry applies on `host` (an entry with `cgroupModes` applies on those modes only). */
export function entryApplies(e: ExpectedFailure, host: BaselineHost = {}): boolean {
  return !e.cgroupModes || e.cgroupModes.includes(host.cgroupMode as CgroupModeName);
}

/**
 * Applies the baseline: a listed case that failed with listed findings only becomes `xfail`; one with any
 * finding the baseline does not list stays `fail` (a new failure, its new findings marked and shown first);
 * a listed case that passed becomes `xpass` (reported so the baseline gets updated). Listed findings that
 * did not appear are noted (the baseline can be tightened). Skipped and errored cases keep their status.
 * Entries limited to cgroup modes other than the host's are left out.
 */
export function applyBaseline(
  results: CaseResult[],
  baseline: Baseline,
  host: BaselineHost = {},
): CaseResult[] {
  const byId = new Map(baseline.expectedFailures.filter((e) => entryApplies(e, host)).map((e) => [e.id, e]));
  return results.map((r) => {
    const e = byId.get(r.id);
    if (!e) return r;
    const notes = [
      ...(r.evidence.notes ?? []),
      `baseline: ${e.reason}`,
      ...(e.spec ? [`spec: ${e.spec}`] : []),
    ];
    const evidence = { ...r.evidence, notes };
    if (r.status === 'fail') {
      const { marked, fresh, gone } = matchFindings(r.findings, e);
      // new findings first (the report keeps this order: see compareFindings)
      const findings = [
        ...marked.filter((f) => f.baseline === 'new'),
        ...marked.filter((f) => f.baseline !== 'new'),
      ];
      if (gone.length)
        notes.push(
          `baseline: listed finding(s) no longer seen: ${gone.join(', ')} (the baseline can be tightened)`,
        );
      if (fresh > 0)
        return {
          ...r,
          status: 'fail',
          reason: `new failure: ${fresh} finding(s) the baseline does not list (it expects: ${e.reason})`,
          findings,
          evidence,
        };
      return { ...r, status: 'xfail', reason: `expected failure: ${e.reason}`, findings, evidence };
    }
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

/** Everything {@link baselineFromResults} needs besides the results. */
export interface BaselineSource {
  runtime?: string;
  profile: 'spec' | 'runc-compat';
  specVersion: string;
  /** The file being replaced, whose reasons, spec sentences and comment are kept. */
  previous?: Baseline;
  /** The host the run saw: entries of `previous` limited to other cgroup modes are kept as they were. */
  host?: BaselineHost;
}

/** The reason written for a failure the previous baseline did not list. */
export const todoReason = 'TODO: why this runtime fails';

/** The registry's text of a requirement for a baseline entry: document, level and our paraphrase. */
export function requirementText(id: string): string | undefined {
  const r = registry.get(id);
  return r ? `${r.doc}#${r.anchor} (${r.level}): ${r.text}` : undefined;
}

/**
 * A baseline (current format) from a run's verdicts: every failing case with each of its findings as
 * requirement and check, the requirement's text, and the reason and spec sentence the previous file gave
 * the case (else {@link todoReason}). Findings the previous file marks intermittent keep the mark, and stay
 * listed in a run where they did not appear (the case still failing). Entries of the previous file limited
 * to other cgroup modes than the host's are kept as they were; a case that fails here too gets the host's
 * mode added to its entry's modes.
 */
export function baselineFromResults(results: CaseResult[], src: BaselineSource): Baseline {
  const previous = new Map((src.previous?.expectedFailures ?? []).map((e) => [e.id, e]));
  const host = src.host ?? {};
  const failing = results.filter((r) => r.status === 'fail' || r.status === 'xfail');
  const failed = new Set(failing.map((r) => r.id));
  const elsewhere = (src.previous?.expectedFailures ?? []).filter(
    (e) => !entryApplies(e, host) && !failed.has(e.id) && results.some((r) => r.id === e.id),
  );
  const modesHere = (old: ExpectedFailure | undefined): CgroupModeName[] | undefined =>
    old?.cgroupModes &&
    !entryApplies(old, host) &&
    cgroupModeNames.includes(host.cgroupMode as CgroupModeName)
      ? [...old.cgroupModes, host.cgroupMode as CgroupModeName]
      : old?.cgroupModes;
  const fresh = failing
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r): ExpectedFailure => {
      // requirement + check -> index in findings: a finding is listed once, and an intermittent mark finds it
      const at = new Map<string, number>();
      const findings: ExpectedFinding[] = [];
      for (const f of r.findings) {
        const check = f.check ?? (f.location.kind === 'observation' ? f.location.field : f.message);
        for (const requirement of f.requirements.length ? f.requirements : ['']) {
          const key = `${requirement}\0${check}`;
          if (at.has(key)) continue;
          at.set(key, findings.length);
          const spec = requirementText(requirement);
          findings.push({ requirement, check, ...(spec ? { spec } : {}) });
        }
      }
      const old = previous.get(r.id);
      const flaky = (old?.findings ?? []).filter((x) => x.intermittent);
      for (const x of flaky) {
        const i = at.get(`${x.requirement}\0${x.check}`);
        if (i !== undefined) findings[i] = { ...findings[i]!, intermittent: true };
        else {
          const spec = x.spec ?? requirementText(x.requirement);
          findings.push({ ...x, ...(spec ? { spec } : {}) });
        }
      }
      return {
        id: r.id,
        reason: old?.reason ?? todoReason,
        ...(old?.spec ? { spec: old.spec } : {}),
        ...(modesHere(old) ? { cgroupModes: modesHere(old)! } : {}),
        findings,
      };
    });
  const expectedFailures = [...fresh, ...elsewhere].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    format: baselineFormat,
    ...(src.previous?.$comment ? { $comment: src.previous.$comment } : {}),
    ...(src.runtime ? { runtime: src.runtime } : {}),
    profile: src.profile,
    specVersion: src.specVersion,
    expectedFailures,
  };
}

/** The file text of a baseline: `format` first, two-space JSON, a final newline. */
export function baselineText(b: Baseline): string {
  const { format, $comment, ...rest } = b;
  return JSON.stringify({ ...($comment ? { $comment } : {}), format, ...rest }, null, 2) + '\n';
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
