// The reference runtime's case results cached per host (`run --compare`): keyed by everything that
// determines them (the tool build: case definitions and generated configs; the reference build; host facts; options).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CaseResult } from '../../model/report.js';
import type { RunIdentity } from './compare.js';

/** One cached reference result, with the run identity its paths and tags are normalized by. */
export interface CachedReference {
  result: CaseResult;
  run: RunIdentity;
}

/** Everything the reference's observations depend on; hashed into the cache key. */
export interface ReferenceCacheKey {
  /** Hash of the tool build that defines the cases and writes their configs ({@link toolFiles}). */
  tool: string;
  /** Hash of the reference build: its bundle, native init, generated validators, and the probe. */
  reference: string;
  /** Host facts (kernel, cgroup layout, capabilities...). */
  host: unknown;
  /** Spec version, config version, profile and level of the run. */
  options: unknown;
}

/** Where the cache lives: $OCI_CONFORM_CACHE_DIR, else $XDG_CACHE_HOME/oci-conform, else ~/.cache/oci-conform. */
export function defaultCacheDir(): string {
  const env = process.env.OCI_CONFORM_CACHE_DIR;
  if (env) return env;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg || join(homedir(), '.cache'), 'oci-conform');
}

function walk(dir: string, keep: (name: string) => boolean, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(p, keep, out);
    } else if (keep(e.name)) out.push(p);
  }
}

/**
 * The files of the tool build the running CLI module is part of: the bundle's chunks when it runs
 * from dist/cli, else the TypeScript sources of every layer the cases are made of.
 */
export function toolFiles(cliDir: string): string[] {
  const out: string[] = [];
  if (existsSync(join(cliDir, 'main.js'))) {
    walk(cliDir, (n) => n.endsWith('.js'), out);
  } else {
    const repo = dirname(cliDir);
    for (const d of ['cli', 'harness', 'suites', 'model', 'requirements', 'schemas'])
      walk(join(repo, d), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'), out);
  }
  return out.sort();
}

/** The files of the reference build behind its launcher, plus the probe that observes. */
export function referenceFiles(launcher: string, probe: string): string[] {
  const repo = dirname(dirname(dirname(launcher)));
  const out = [
    launcher,
    join(repo, 'dist', 'reference-runtime', 'oci-reference-runtime.mjs'),
    join(repo, 'reference-runtime', 'init', 'build', 'oci-ref-init'),
    probe,
  ];
  walk(join(repo, 'schemas', 'generated'), (n) => n.endsWith('.cjs'), out);
  return out;
}

/** sha256 over the files' paths and contents (a missing file counts as missing). */
export function hashFiles(paths: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of paths) {
    h.update(p + '\0');
    try {
      h.update(readFileSync(p));
    } catch {
      h.update('(missing)');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

function fileOf(dir: string, key: ReferenceCacheKey): string {
  return join(
    dir,
    `reference-${createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 40)}.json`,
  );
}

/** The cached results for this key, by case id (empty when there are none or the file is unreadable). */
export async function loadReferenceCache(
  dir: string,
  key: ReferenceCacheKey,
): Promise<Map<string, CachedReference>> {
  try {
    const doc = JSON.parse(await readFile(fileOf(dir, key), 'utf8')) as {
      entries?: Record<string, CachedReference>;
    };
    return new Map(Object.entries(doc.entries ?? {}));
  } catch {
    return new Map();
  }
}

/**
 * Whether a reference result may be reused: a verdict that comes from what the runtime did, not an
 * error of the run (a timeout on a slow moment, an interrupted case).
 */
export function cacheable(r: CaseResult): boolean {
  return r.status === 'pass' || r.status === 'fail' || r.status === 'skip';
}

/** Adds results to the cache file of this key (atomic rename; a concurrent run's entries may be lost). */
export async function saveReferenceCache(
  dir: string,
  key: ReferenceCacheKey,
  fresh: ReadonlyMap<string, CachedReference>,
): Promise<void> {
  const keep = [...fresh].filter(([, e]) => cacheable(e.result));
  if (keep.length === 0) return;
  const all = await loadReferenceCache(dir, key);
  for (const [id, e] of keep) all.set(id, e);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = fileOf(dir, key);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ key, entries: Object.fromEntries(all) }), { mode: 0o600 });
  await rename(tmp, file);
}
