// Host-side reader of the resctrl file system (Intel RDT, config-linux.md "IntelRdt"): the CTRL_MON groups
// under its root, each group's schemata, tasks and MON groups, behind the file-system seam of the cgroups.
import { join } from 'node:path';
import type { HostFs } from './cgroups.js';

/** One resctrl group (the root `/` or a sub-directory) as the host sees it. */
export interface ResctrlGroup {
  /** Lines of its `schemata` file, trimmed, without empty lines. */
  schemata: string[];
  /** Pids in its `tasks` file. */
  tasks: number[];
  /** Names of the directories under its `mon_groups`. */
  monGroups: string[];
}

/** Directories of the resctrl root that are not groups. */
const notGroups = new Set(['info', 'mon_data', 'mon_groups']);

/** Host path of group `closID` under the resctrl mount `root` (`/` is the root group itself). */
export function resctrlGroupDir(root: string, closID: string): string {
  return closID === '/' ? root : join(root, closID);
}

/** The CTRL_MON groups under the resctrl root (its sub-directories other than info and the mon dirs), sorted. */
export async function resctrlGroups(fs: HostFs, root: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fs.readdir(root))
    if (!notGroups.has(name) && (await fs.isDirectory(join(root, name)))) out.push(name);
  return out.sort();
}

/** Reads group `closID`; undefined when its directory does not exist. */
export async function readResctrlGroup(
  fs: HostFs,
  root: string,
  closID: string,
): Promise<ResctrlGroup | undefined> {
  const dir = resctrlGroupDir(root, closID);
  if (!(await fs.isDirectory(dir))) return undefined;
  const read = async (f: string) => {
    try {
      return await fs.readFile(join(dir, f));
    } catch {
      return '';
    }
  };
  const lines = (t: string) =>
    t
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  let monGroups: string[] = [];
  try {
    monGroups = (await fs.readdir(join(dir, 'mon_groups'))).sort();
  } catch {
    monGroups = [];
  }
  return {
    schemata: lines(await read('schemata')),
    tasks: lines(await read('tasks'))
      .map(Number)
      .filter((n) => Number.isInteger(n)),
    monGroups,
  };
}

/**
 * Schemata lines as resource -> domain -> value, e.g. `L3:0=ff;1=ff` -> `{L3: {0: 255, 1: 255}}`. Cache
 * masks are hex, memory bandwidth (`MB`) is decimal; the kernel prints masks with leading zeros, so
 * values are compared as numbers. Lines that are not `RESOURCE:DOMAIN=VALUE;...` are left out.
 */
export function parseSchemata(lines: readonly string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const line of lines) {
    const m = /^\s*([A-Za-z0-9_]+)\s*:(.*)$/.exec(line);
    if (!m) continue;
    const res = m[1]!.toUpperCase();
    const dec = res.startsWith('MB');
    const doms = (out[res] ??= {});
    for (const part of m[2]!.split(';')) {
      const kv = /^\s*(\w+)\s*=\s*([0-9a-fA-F]+)\s*$/.exec(part);
      if (kv) doms[kv[1]!] = parseInt(kv[2]!, dec ? 10 : 16);
    }
  }
  return out;
}
