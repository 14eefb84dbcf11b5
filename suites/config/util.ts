// Small shape helpers shared by the config rules: plain checks over `any`, no allocation on the happy path.
import { compareVersions } from '../../requirements/index.js';

export { versionIn } from '../../model/version.js';

/** A frozen empty array, returned instead of allocating when a field is absent. */
export const EMPTY: readonly any[] = Object.freeze([]);

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` when it is an array, else an empty array. */
export function arr(v: unknown): readonly any[] {
  return Array.isArray(v) ? v : EMPTY;
}

/** One entry of a list whose key an earlier entry already had (see {@link repeatedKeys}). */
export interface Repeat {
  /** The repeating entry. */
  entry: any;
  /** Its index in the list. */
  index: number;
  /** Index of the first entry with the same key. */
  first: number;
  /** The shared key. */
  key: string;
}

/**
 * The entries of `list` whose key (from `keyOf`) an earlier entry already had, in list order, each with
 * the index of the first entry of that key. `keyOf` returns undefined for entries to pass over.
 * Allocates nothing for lists shorter than two.
 */
export function repeatedKeys(
  list: readonly any[],
  keyOf: (entry: any) => string | undefined,
): readonly Repeat[] {
  if (list.length < 2) return EMPTY;
  const seen = new Map<string, number>();
  const out: Repeat[] = [];
  for (let i = 0; i < list.length; i++) {
    const key = keyOf(list[i]);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else out.push({ entry: list[i], index: i, first, key });
  }
  return out;
}

export function isNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** Target platform of a config, from its platform objects. */
export type TargetOs = 'linux' | 'windows' | 'solaris' | 'freebsd' | 'zos';

// SPEC: config.json names its platform only through the platform objects (`platform` was removed in
// 1.0.0-rc6). A config with a `windows` (or solaris, freebsd, zos) object targets that platform; one with
// none of them is judged as Linux, the platform every runc-compatible runtime implements.
export function targetOs(value: any): TargetOs {
  if (!isObject(value)) return 'linux';
  if (isObject(value.windows)) return 'windows';
  if (isObject(value.solaris)) return 'solaris';
  if (isObject(value.freebsd)) return 'freebsd';
  if (isObject(value.zos)) return 'zos';
  return 'linux';
}

export function isLinux(value: any): boolean {
  return targetOs(value) === 'linux';
}

/** The `linux` object, or undefined. */
export function linuxOf(value: any): Record<string, any> | undefined {
  return isObject(value) && isObject(value.linux) ? value.linux : undefined;
}

/** The `process` object, or undefined. */
export function processOf(value: any): Record<string, any> | undefined {
  return isObject(value) && isObject(value.process) ? value.process : undefined;
}

/**
 * The namespaces entry of `type` in `linux.namespaces`, or undefined (the type is then inherited from
 * the runtime's namespace). The first entry wins when the type is listed twice.
 */
export function namespaceEntry(value: any, type: string): Record<string, any> | undefined {
  const linux = linuxOf(value);
  if (!linux) return undefined;
  const list = arr(linux.namespaces);
  for (let i = 0; i < list.length; i++) {
    const ns = list[i];
    if (isObject(ns) && ns.type === type) return ns;
  }
  return undefined;
}

/** True when the config asks for a new namespace of `type` (listed without a path). */
export function createsNamespace(value: any, type: string): boolean {
  const ns = namespaceEntry(value, type);
  return ns !== undefined && (ns.path === undefined || ns.path === '');
}

export function isAbsolutePosix(p: unknown): boolean {
  return typeof p === 'string' && p.charCodeAt(0) === 47; /* '/' */
}

const atLeastCache = new Map<string, boolean>();

/** `version >= min`, cached (rules call it on every document). */
export function versionAtLeast(version: string, min: string): boolean {
  const key = version + '>=' + min;
  let r = atLeastCache.get(key);
  if (r === undefined) {
    r = compareVersions(version, min) >= 0;
    atLeastCache.set(key, r);
  }
  return r;
}

/** Is `version` within [since, until)? */

/** Exact compare of two non-negative decimal integer texts (no sign, no exponent). */
export function compareUintText(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Exact integer value of the number at `pointer` as a bigint, from its source text when the reader
 * kept it (values beyond 2^53 lose precision in the parsed value). Undefined if not an integer.
 */
export function exactInteger(
  doc: { rawNumber(pointer: string): string | undefined },
  pointer: string,
  parsed: unknown,
): bigint | undefined {
  if (typeof parsed !== 'number') return undefined;
  if (Number.isSafeInteger(parsed)) return BigInt(parsed);
  const raw = doc.rawNumber(pointer);
  if (raw !== undefined && /^-?\d+$/.test(raw)) return BigInt(raw);
  if (raw !== undefined && /^-?\d+(\.0+)?([eE]\+?\d+)?$/.test(raw) && Number.isInteger(parsed))
    return BigInt(parsed);
  return Number.isInteger(parsed) ? BigInt(parsed) : undefined;
}

/** Escape one token of a JSON pointer. */
export function tok(t: string | number): string {
  return typeof t === 'number' ? String(t) : t.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Check a Linux cpu/node list ("0-3,7,10-11", the cpuset.cpus / cpuset.mems syntax). Returns an
 * error text, or undefined when the list is well formed. The empty string is allowed (no change).
 */
export function cpuListProblem(s: string): string | undefined {
  if (s === '') return undefined;
  const parts = s.split(',');
  for (const part of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return `${JSON.stringify(part)} is not a number or a range like 0-3`;
    if (m[2] !== undefined && Number(m[2]) < Number(m[1])) return `range ${part} goes downwards`;
  }
  return undefined;
}
