// Builds the static C parts (the probe, the reference runtime's init) with the system cc, no make: on
// first use in an installed package, by `npm run build` in a checkout. Staleness is a content hash.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** How to build one static binary: what the `cc` command line is made of. */
export interface NativeRecipe {
  /** what it is, for messages, e.g. `the probe` */
  name: string;
  /** the directory holding the sources */
  sourceDir: string;
  /** C sources, relative to sourceDir; a directory name means its `*.c` files */
  sources: string[];
  /** headers the sources include, relative to sourceDir (hashed, not compiled); a directory: its `*.h` */
  headers: string[];
  /** the binary, relative to sourceDir, e.g. `build/probe` */
  output: string;
  /** compiler flags before the sources */
  cflags: string[];
  /** linker flags after the sources */
  ldflags: string[];
  /** names of the headers `generate` makes (part of the stamp) */
  generates?: string[];
  /** headers made with the compiler itself (name -> text), written beside the output before compiling */
  generate?: (
    preprocess: (input: string, args: string[]) => Promise<string>,
  ) => Promise<Record<string, string>>;
}

/** A build that could not be made: the message says what was expected and what was found. */
export class NativeBuildError extends Error {}

/** The compiler command: `$CC` (split on spaces, e.g. `ccache gcc`) or `cc`. */
export function compilerCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const cc = (env.CC ?? '').trim();
  return cc ? cc.split(/\s+/) : ['cc'];
}

async function expand(dir: string, entries: string[], ext: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of entries) {
    if (e.endsWith(ext)) out.push(e);
    else {
      const names = (await readdir(join(dir, e))).filter((n) => n.endsWith(ext)).sort();
      out.push(...names.map((n) => join(e, n)));
    }
  }
  return out;
}

/**
 * The stamp of a build: sha256 over the compiler command, the flags and every source and header. A
 * binary is current when the stamp written beside it (`OUTPUT.stamp`) matches; file times are never read.
 */
export async function recipeStamp(r: NativeRecipe, cc = compilerCommand()): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ cc, cflags: r.cflags, ldflags: r.ldflags, generates: r.generates ?? [] }));
  const files = [
    ...(await expand(r.sourceDir, r.sources, '.c')),
    ...(await expand(r.sourceDir, r.headers, '.h')),
  ];
  for (const f of files) {
    h.update(`\0${f}\0`);
    h.update(await readFile(join(r.sourceDir, f)));
  }
  return h.digest('hex');
}

function current(bin: string, stamp: string): boolean {
  try {
    return existsSync(bin) && readFileSync(`${bin}.stamp`, 'utf8').trim() === stamp;
  } catch {
    return false;
  }
}

/** Where a build goes when the package directory is read-only: `$XDG_CACHE_HOME/oci-conform/native/`. */
export function nativeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'oci-conform', 'native');
}

function run(
  cmd: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Our own deadline: spawn's `timeout` option keeps its timer (and the process) alive when the
    // spawn itself fails (no cc).
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => {}); // a compiler that exits before reading its input
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

async function compile(r: NativeRecipe, cc: string[], outDir: string, out: string): Promise<void> {
  const preprocess = async (input: string, args: string[]) => {
    const p = await run([...cc, ...args], input);
    if (p.code !== 0)
      throw new NativeBuildError(
        `building ${r.name}: ${[...cc, ...args].join(' ')} exited with ${p.code}: ${p.stderr.trim().slice(-800)}`,
      );
    return p.stdout;
  };
  await mkdir(outDir, { recursive: true });
  const generated = r.generate ? await r.generate(preprocess) : {};
  for (const [name, text] of Object.entries(generated)) {
    const tmp = join(outDir, `${name}.${process.pid}.tmp`);
    await writeFile(tmp, text);
    await rename(tmp, join(outDir, name));
  }
  const sources = (await expand(r.sourceDir, r.sources, '.c')).map((s) => join(r.sourceDir, s));
  // Written under a per-process name and renamed: concurrent builds never leave a half-written binary.
  const tmp = `${out}.${process.pid}.tmp`;
  const argv = [...cc, ...r.cflags, `-I${outDir}`, '-o', tmp, ...sources, ...r.ldflags];
  const p = await run(argv);
  if (p.code !== 0) {
    await rm(tmp, { force: true });
    throw new NativeBuildError(
      `building ${r.name} failed: ${argv.join(' ')} exited with ${p.code}: ${p.stderr.trim().slice(-800)}`,
    );
  }
  await rename(tmp, out);
}

async function writable(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.write-test.${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of the recipe's binary, built first when it is missing or its stamp does not match. Built in
 * the package (sourceDir/output) when that is writable, else in {@link nativeCacheDir}. Without
 * sources (a package shipped with the binary only) an existing binary is used as it is.
 */
export async function ensureNative(r: NativeRecipe, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const bin = join(r.sourceDir, r.output);
  const cc = compilerCommand(env);
  let stamp: string;
  try {
    stamp = await recipeStamp(r, cc);
  } catch (e) {
    if (existsSync(bin)) return bin;
    throw new NativeBuildError(
      `building ${r.name}: expected its C sources in ${r.sourceDir} but found none (${(e as Error).message})`,
    );
  }
  if (current(bin, stamp)) return bin;
  const cached = join(nativeCacheDir(env), stamp.slice(0, 16), basename(r.output));
  if (current(cached, stamp)) return cached;
  const out = (await writable(dirname(bin))) ? bin : cached;
  try {
    await compile(r, cc, dirname(out), out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NativeBuildError(
        `building ${r.name} needs a C compiler: expected ${cc[0]} on PATH (or $CC) but found none; install one with static libc (Debian: apt-get install gcc libc6-dev)`,
      );
    throw e;
  }
  await writeFile(`${out}.stamp`, stamp + '\n');
  return out;
}
