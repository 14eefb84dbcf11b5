// Clean-up of runs that died without tearing down (SIGKILL, power loss): every run writes an owner file into
// its temp dir; a later run removes the containers, cgroups and dirs of runs whose owner process is gone.
import { lstat, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dirsForCgroupsPath, removeCgroupTree, type HostFs } from './cgroups.js';
import { RuntimeDriver } from './driver.js';
import type { CgroupMount } from './host.js';

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
    for (const d of dirsForCgroupsPath(`/oci-conform-${owner.runTag}`, mounts))
      left.push(...(await removeCgroupTree(fs, d)));
    await rm(dir, { recursive: true, force: true }).catch(() => left.push(dir));
    swept.push(
      `swept dead run ${owner.runTag} (pid ${owner.pid}): ${containers} container(s)${left.length ? `; could not remove ${left.join(', ')}` : ''}`,
    );
  }
  return swept;
}
