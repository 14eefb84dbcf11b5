// The optional policy file `.oci-conform.json` (next to the input, or `--config FILE`): rules to disable,
// a warning budget and a level, so a team can keep its gate in the repository beside its configs.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The file's name when it is found next to an input. */
export const POLICY_FILE = '.oci-conform.json';

/** What the file may say; every key is optional, the command line adds to or overrides it. */
export interface PolicyFile {
  /** Where it was read from. */
  path: string;
  /** Rule or requirement ids (globs allowed) whose findings are suppressed. */
  disable?: string[];
  /** More warnings than this fail the run. */
  maxWarnings?: number;
  /** `must`, `should` or `may`. */
  level?: string;
}

/** A policy file that exists but is not what the format says (a usage error, exit 2). */
export class PolicyFileError extends Error {
  override name = 'PolicyFileError';
}

const keys = new Set(['$comment', 'disable', 'maxWarnings', 'level']);

/** Parses and checks a policy file's text; `path` names it in messages. */
export function parsePolicyFile(text: string, path: string): PolicyFile {
  const bad = (what: string) => new PolicyFileError(`${path}: ${what}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw bad(`expected JSON but ${(err as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw bad(`expected a JSON object but found ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!keys.has(k))
      throw bad(`expected only the keys ${[...keys].join(', ')} but found ${JSON.stringify(k)}`);
  const out: PolicyFile = { path };
  if (o.disable !== undefined) {
    if (!Array.isArray(o.disable) || o.disable.some((x) => typeof x !== 'string' || x === ''))
      throw bad(
        `"disable": expected an array of rule or requirement ids but found ${JSON.stringify(o.disable)}`,
      );
    out.disable = o.disable as string[];
  }
  if (o.maxWarnings !== undefined) {
    if (typeof o.maxWarnings !== 'number' || !Number.isInteger(o.maxWarnings) || o.maxWarnings < 0)
      throw bad(`"maxWarnings": expected an integer of 0 or more but found ${JSON.stringify(o.maxWarnings)}`);
    out.maxWarnings = o.maxWarnings;
  }
  if (o.level !== undefined) {
    if (typeof o.level !== 'string')
      throw bad(`"level": expected must, should or may but found ${JSON.stringify(o.level)}`);
    out.level = o.level;
  }
  return out;
}

function readPolicyFile(path: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyFileError(`${path}: expected a readable policy file but ${(err as Error).message}`);
  }
  return parsePolicyFile(text, path);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The policy file in effect: `explicit` (`--config`) when given, else `.oci-conform.json` in the directory
 * of the first input that has one (an input directory counts as its own directory), else in `cwd` when
 * there are no inputs (`run`). Undefined when there is none.
 */
export function findPolicyFile(
  explicit: string | undefined,
  inputs: readonly string[],
  cwd = process.cwd(),
): PolicyFile | undefined {
  if (explicit !== undefined) return readPolicyFile(resolve(cwd, explicit));
  const dirs = inputs.length
    ? inputs.map((p) => (isDir(p) ? resolve(cwd, p) : dirname(resolve(cwd, p))))
    : [cwd];
  for (const d of new Set(dirs)) {
    const candidate = join(d, POLICY_FILE);
    try {
      statSync(candidate);
    } catch {
      continue;
    }
    return readPolicyFile(candidate);
  }
  return undefined;
}
