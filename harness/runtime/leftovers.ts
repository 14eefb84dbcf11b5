// What a runtime leaves on the host after delete: every runtime call of a case runs in a cgroup of the
// harness (the "call cgroup"), so a process the runtime started and never ended is found there, reported
// and killed; entries left under the case's --root are reported too.
import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../model/report.js';
import type { CgroupMount } from './host.js';

/**
 * The call cgroup of case `index` under the run's cgroup parent: in the v1 `pids` hierarchy when there is
 * one, else in the cgroup2 hierarchy, else in the first v1 hierarchy (any hierarchy tracks membership).
 * Undefined on a host without cgroups.
 */
export function callCgroupDir(
  mounts: CgroupMount[],
  cgroupParent: string,
  index: number,
): string | undefined {
  const m =
    mounts.find((x) => x.version === 1 && x.controllers.includes('pids')) ??
    mounts.find((x) => x.version === 2) ??
    mounts.find((x) => x.version === 1);
  if (!m) return undefined;
  return join(m.mountPoint, cgroupParent, 'calls', String(index));
}

/** Makes the call cgroup; undefined (no tracking) when it cannot be made. */
export async function makeCallCgroup(dir: string | undefined): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  try {
    await mkdir(dir, { recursive: true });
    return join(dir, 'cgroup.procs');
  } catch {
    return undefined;
  }
}

/** A process found in the call cgroup after the case's containers were deleted. */
export interface LeftoverProcess {
  pid: number;
  /** Its command line (NULs as spaces), or `?` when it could not be read. */
  cmdline: string;
}

/** Whether the process is alive (not a zombie, not gone). */
async function alive(pid: number): Promise<boolean> {
  try {
    const s = await readFile(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The pids listed in a cgroup dir's `cgroup.procs` (none when it cannot be read), never the harness's. */
async function procsOf(dir: string): Promise<number[]> {
  try {
    return (await readFile(join(dir, 'cgroup.procs'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((p) => p > 1 && p !== process.pid);
  } catch {
    return [];
  }
}

/** The cgroup dir and every sub-cgroup under it, parents first. */
async function cgroupTree(dir: string): Promise<string[]> {
  const out = [dir];
  let entries: Dirent[] = [];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) if (e.isDirectory()) out.push(...(await cgroupTree(join(dir, e.name))));
  return out;
}

/**
 * Kills (SIGKILL) every live process in the cgroup dir and its sub-cgroups and returns what they were;
 * the harness's own process is never touched. Zombies are left to their reaper.
 */
export async function killCgroupProcesses(dir: string): Promise<LeftoverProcess[]> {
  const found: LeftoverProcess[] = [];
  for (const d of await cgroupTree(dir)) {
    for (const pid of await procsOf(d)) {
      if (!(await alive(pid))) continue;
      let cmdline = '?';
      try {
        cmdline =
          (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0+$/, '').replace(/\0/g, ' ') || '?';
      } catch {
        /* gone meanwhile */
      }
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        continue;
      }
      found.push({ pid, cmdline });
    }
  }
  return found;
}

/** Whether a live process is left in the cgroup dir or under it. */
export async function cgroupHasLiveProcesses(dir: string): Promise<boolean> {
  for (const d of await cgroupTree(dir))
    for (const pid of await procsOf(d)) if (await alive(pid)) return true;
  return false;
}

/**
 * Finds the live processes in the call cgroup, kills them (SIGKILL) and returns what they were; the
 * harness's own process is never touched. Waits up to `waitMs` for them to be gone, then removes the
 * cgroup.
 */
export async function reapCallCgroup(dir: string, waitMs = 2000): Promise<LeftoverProcess[]> {
  const found = await killCgroupProcesses(dir);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await rmdir(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return found;
}

/** Entries of the case's --root after every container was deleted (a runtime's leftover state). */
export async function rootEntries(root: string): Promise<string[]> {
  try {
    return (await readdir(root)).sort();
  } catch {
    return [];
  }
}

/**
 * The findings of what was left after delete. SPEC: runtime.md Delete: deleting a container must delete
 * the resources created during create; a process the runtime started on the host, or the container's
 * state under --root, is such a resource.
 */
export function leftoverFindings(caseId: string, procs: LeftoverProcess[], entries: string[]): Finding[] {
  const out: Finding[] = [];
  for (const p of procs)
    out.push({
      rule: `${caseId}.leftovers`,
      requirements: ['runtime.delete.removes-created-resources'],
      level: 'must',
      location: { kind: 'observation', field: `leftover process ${p.pid}` },
      message: `expected every process the runtime started on the host to be gone after delete, found pid ${p.pid} (${p.cmdline}) still running in the case's cgroup; the harness killed it`,
      expected: 'no process',
      actual: { pid: p.pid, cmdline: p.cmdline },
    });
  if (entries.length)
    out.push({
      rule: `${caseId}.leftovers`,
      requirements: ['runtime.delete.removes-created-resources'],
      level: 'must',
      location: { kind: 'observation', field: 'leftover state under --root' },
      message: `expected the runtime's state of the deleted containers to be gone from --root, found ${entries.join(', ')}`,
      expected: [],
      actual: entries,
    });
  return out;
}
