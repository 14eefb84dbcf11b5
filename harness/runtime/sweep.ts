// Clean-up of runs that died without tearing down (SIGKILL, power loss): every run writes an owner file into
// its temp dir and an owner marker into its cgroup parent; a later run removes the containers, processes,
// cgroups, mounts and dirs of runs whose owner process is gone.
import { lstat, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCgroupDirs, dirsForCgroupsPath, removeCgroupTree, type HostFs } from './cgroups.js';
import { RuntimeDriver } from './driver.js';
import type { CgroupMount } from './host.js';
import { cgroupHasLiveProcesses, killCgroupProcesses } from './leftovers.js';
import { removeRunDir } from './mounts.js';

/** What a run records about itself in `<workDir>/owner.json`. */
export interface RunOwner {
  pid: number;
  /** Start time of the owner process (field 22 of /proc/PID/stat), so a reused pid is not mistaken. */
  startTime: string;
  runtime: string;
  runtimeArgs: string[];
  runTag: string;
}

/** Field 22 (starttime) of /proc/PID/stat, or undefined when the process is gone. */
export async function processStartTime(pid: number | 'self'): Promise<string | undefined> {
  try {
    const s = await readFile(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Is `path` a plain file or dir (not a symlink) owned by our uid and closed to group and others? */
async function privateToUs(path: string): Promise<boolean> {
  try {
    const st = await lstat(path);
    return !st.isSymbolicLink() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

export async function writeOwner(workDir: string, owner: Omit<RunOwner, 'pid' | 'startTime'>): Promise<void> {
  const o: RunOwner = { pid: process.pid, startTime: (await processStartTime('self')) ?? '', ...owner };
  await writeFile(join(workDir, 'owner.json'), JSON.stringify(o) + '\n', { mode: 0o600 });
}

/**
 * Sweeps dead runs under `tmpRoot`: for each `oci-conform-*` dir whose owner is gone, `delete --force`
 * every container in its per-case roots (with the runtime that run used), remove its cgroup tree and
 * the dir. Returns a line per swept run. Dirs without an owner file (a run starting now) are left alone.
 */
export async function sweepDeadRuns(tmpRoot: string, fs: HostFs, mounts: CgroupMount[]): Promise<string[]> {
  const swept: string[] = [];
  let entries: string[] = [];
  try {
    entries = (await readdir(tmpRoot)).filter((e) => e.startsWith('oci-conform-'));
  } catch {
    return swept;
  }
  for (const e of entries) {
    const dir = join(tmpRoot, e);
    // The owner file names a runtime that is run as us: trust only a private dir and file of our own (as
    // mkdtemp and writeOwner make them), never one another user could have planted in a shared /tmp.
    if (!(await privateToUs(dir)) || !(await privateToUs(join(dir, 'owner.json')))) continue;
    let owner: RunOwner;
    try {
      owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8')) as RunOwner;
    } catch {
      continue;
    }
    if (typeof owner.runtime !== 'string' || !/^[0-9a-f]{8}$/.test(String(owner.runTag))) continue;
    if ((await processStartTime(owner.pid)) === owner.startTime) continue;
    let containers = 0;
    const roots = await readdir(join(dir, 'r')).catch(() => [] as string[]);
    for (const r of roots) {
      const driver = new RuntimeDriver({
        runtime: owner.runtime,
        runtimeArgs: owner.runtimeArgs,
        root: join(dir, 'r', r),
        timeoutMs: 5000,
      });
      for (const id of await readdir(driver.root).catch(() => [] as string[])) {
        await driver.kill(id, 'KILL');
        await driver.delete(id, { force: true });
        containers++;
      }
    }
    const left: string[] = [];
    let ended = 0;
    for (const d of dirsForCgroupsPath(`/oci-conform-${owner.runTag}`, mounts)) {
      const r = await endCgroupTree(fs, d);
      ended += r.ended;
      left.push(...r.left);
    }
    left.push(...(await removeRunDir(dir)));
    swept.push(
      `swept dead run ${owner.runTag} (pid ${owner.pid}): ${containers} container(s), ${ended} process(es)${left.length ? `; could not remove ${left.join(', ')}` : ''}`,
    );
  }
  return swept;
}

/** Kills every process in a cgroup tree and removes it, retrying for up to a second while they exit. */
async function endCgroupTree(fs: HostFs, dir: string): Promise<{ ended: number; left: string[] }> {
  if (!(await fs.exists(dir))) return { ended: 0, left: [] };
  let ended = (await killCgroupProcesses(dir)).length;
  let left = await removeCgroupTree(fs, dir);
  for (let i = 0; left.length > 0 && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 25));
    ended += (await killCgroupProcesses(dir)).length;
    left = await removeCgroupTree(fs, dir);
  }
  return { ended, left };
}

/** Name of the marker cgroup a run makes under its cgroup parent: who owns the parent. */
export function ownerMarker(pid: number, startTime: string): string {
  return `owner-${pid}-${startTime}`;
}

/**
 * Makes the owner marker (an empty cgroup `owner-<pid>-<starttime>`) under the run's cgroup parent in every
 * hierarchy, so that a later run can tell the parent of a dead run from a live one even when the run's
 * temp dir is gone or elsewhere (another TMPDIR). Best effort.
 */
export async function markCgroupOwner(
  fs: HostFs,
  cgroupParent: string,
  mounts: CgroupMount[],
): Promise<void> {
  const start = (await processStartTime('self')) ?? '0';
  await createCgroupDirs(fs, `${cgroupParent}/${ownerMarker(process.pid, start)}`, mounts).catch(
    () => undefined,
  );
}

/** Idle time after which a cgroup parent of ours with no owner marker and no process is taken as stale. */
export const unownedParentIdleMs = 60 * 60 * 1000;

/**
 * Whether a cgroup parent of ours (`oci-conform-*` at a hierarchy's top) is stale, by its owner: the
 * `owner-<pid>-<starttime>` marker of a run, the pid in a reference-runtime test's name
 * (`oci-conform-reftest-[a-z]*<pid>-<hex>`), else (no owner recorded) no live process in it and no
 * change for {@link unownedParentIdleMs}. Returns the reason, or undefined when it may be in use.
 */
export async function staleParentReason(
  fs: HostFs,
  dir: string,
  name: string,
  now = Date.now(),
): Promise<string | undefined> {
  let entries: string[] = [];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const m = /^owner-(\d+)-(\d+)$/.exec(e);
    if (!m) continue;
    return (await processStartTime(Number(m[1]))) === m[2] ? undefined : `owner pid ${m[1]} is gone`;
  }
  const ref = /^oci-conform-reftest-[a-z]*(\d+)-[0-9a-z]+$/.exec(name);
  if (ref)
    return (await processStartTime(Number(ref[1]))) === undefined ? `owner pid ${ref[1]} is gone` : undefined;
  if (await cgroupHasLiveProcesses(dir)) return undefined;
  // A cgroup dir's times are those of its making (a child's mkdir does not touch its parent): the newest
  // dir in the tree tells when a run last made a cgroup there.
  const idle = now - (await newestDirTime(fs, dir));
  return idle > unownedParentIdleMs
    ? `no owner recorded, no process and no new cgroup for ${Math.round(idle / 60_000)} min`
    : undefined;
}

/** The newest change time (ms) of `dir` and the dirs under it; `now` when it cannot be read. */
async function newestDirTime(fs: HostFs, dir: string): Promise<number> {
  let newest: number;
  try {
    const st = await stat(dir);
    newest = Math.max(st.mtimeMs, st.ctimeMs);
  } catch {
    return Date.now();
  }
  let entries: string[] = [];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return newest;
  }
  for (const e of entries) {
    const child = join(dir, e);
    if (await fs.isDirectory(child)) newest = Math.max(newest, await newestDirTime(fs, child));
  }
  return newest;
}

/**
 * Removes stale cgroup parents of ours (`oci-conform-*`, `oci-conform-reftest-*`) at the top of every
 * mounted hierarchy, v1 controllers and cgroup2 alike: their processes are killed, then the tree is
 * removed. A parent whose owner may be alive is left alone. Returns a line per removed parent.
 */
export async function sweepStaleCgroupParents(fs: HostFs, mounts: CgroupMount[]): Promise<string[]> {
  const out: string[] = [];
  for (const m of mounts) {
    if (m.root !== '/') continue;
    let names: string[] = [];
    try {
      names = (await fs.readdir(m.mountPoint)).filter((n) => n.startsWith('oci-conform-'));
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = join(m.mountPoint, name);
      if (!(await fs.isDirectory(dir))) continue;
      const why = await staleParentReason(fs, dir, name);
      if (why === undefined) continue;
      const r = await endCgroupTree(fs, dir);
      out.push(
        `removed stale cgroup ${dir} (${why}): ${r.ended} process(es) ended${r.left.length ? `; could not remove ${r.left.join(', ')}` : ''}`,
      );
    }
  }
  return out;
}
