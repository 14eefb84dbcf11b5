// cgroup readers for v1, v2 and hybrid hosts, behind a file-system seam so they are tested against fixture
// directories: mount discovery from mountinfo, /proc/PID/cgroup membership, and the host dirs of a cgroupsPath.
import { mkdir, readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupMount } from './host.js';

/** The file-system seam: the real host, or a fixture directory standing in for `/`. */
export interface HostFs {
  readFile(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  readdir(path: string): Promise<string[]>;
  isDirectory(path: string): Promise<boolean>;
  rmdir(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: string): Promise<void>;
}

/** The host itself, or every absolute path re-rooted under `root` (a fixture). */
export function hostFs(root = '/'): HostFs {
  const at = (p: string) => (root === '/' ? p : join(root, p));
  return {
    readFile: (p) => readFile(at(p), 'utf8'),
    exists: async (p) => {
      try {
        await stat(at(p));
        return true;
      } catch {
        return false;
      }
    },
    readdir: (p) => readdir(at(p)),
    isDirectory: async (p) => {
      try {
        return (await stat(at(p))).isDirectory();
      } catch {
        return false;
      }
    },
    rmdir: (p) => rmdir(at(p)),
    mkdir: async (p) => {
      await mkdir(at(p));
    },
    writeFile: (p, d) => writeFile(at(p), d),
  };
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
export function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Every mount of a mountinfo text, in its order: mount point (unescaped) and file system type. */
export function mountinfoEntries(text: string): { mountPoint: string; fstype: string }[] {
  const out: { mountPoint: string; fstype: string }[] = [];
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const mountPoint = line.slice(0, sep).split(' ')[4];
    const fstype = line.slice(sep + 3).split(' ')[0];
    if (mountPoint && fstype) out.push({ mountPoint: unescapeMountinfo(mountPoint), fstype });
  }
  return out;
}

/**
 * The cgroup hierarchies mounted in a mountinfo text (`/proc/self/mountinfo`). For v1 the controllers come
 * from the super options; for v2 they are filled in later from `cgroup.controllers` (see {@link cgroupMounts}).
 * When a hierarchy is mounted more than once, the first mount point is kept.
 */
export function parseCgroupMountinfo(text: string): CgroupMount[] {
  const out: CgroupMount[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const fstype = right[0];
    if (fstype !== 'cgroup' && fstype !== 'cgroup2') continue;
    const root = unescapeMountinfo(left[3] ?? '/');
    const mountPoint = unescapeMountinfo(left[4] ?? '');
    if (fstype === 'cgroup2') {
      if (seen.has('v2')) continue;
      seen.add('v2');
      out.push({ mountPoint, version: 2, controllers: [], root });
      continue;
    }
    const knownOpts = new Set([
      'rw',
      'ro',
      'noprefix',
      'clone_children',
      'xattr',
      'cpuset_v2_mode',
      'favordynmods',
    ]);
    const controllers = (right[2] ?? '')
      .split(',')
      .filter((o) => o !== '' && !knownOpts.has(o) && !o.startsWith('release_agent='));
    const key = controllers.slice().sort().join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ mountPoint, version: 1, controllers, root });
  }
  return out;
}

/** Mounted hierarchies of the host (or fixture), with the v2 root's `cgroup.controllers` read in. */
export async function cgroupMounts(fs: HostFs): Promise<CgroupMount[]> {
  const mounts = parseCgroupMountinfo(await fs.readFile('/proc/self/mountinfo'));
  for (const m of mounts) {
    if (m.version !== 2) continue;
    try {
      m.controllers = (await fs.readFile(join(m.mountPoint, 'cgroup.controllers')))
        .trim()
        .split(/\s+/)
        .filter(Boolean);
    } catch {
      m.controllers = [];
    }
  }
  return mounts;
}

/** The host's cgroup mode from its mounts. */
export function cgroupMode(mounts: CgroupMount[]): 'v1' | 'v2' | 'hybrid' | 'none' {
  const v1 = mounts.some((m) => m.version === 1 && m.controllers.some((c) => !c.startsWith('name=')));
  const v2 = mounts.some((m) => m.version === 2);
  if (v1 && v2) return 'hybrid';
  if (v1) return 'v1';
  if (v2) return 'v2';
  return 'none';
}

/** One line of /proc/PID/cgroup. */
export interface CgroupMembership {
  hierarchyId: number;
  /** v1 controllers (and `name=` entries); empty for the v2 line (`0::`). */
  controllers: string[];
  path: string;
}

export function parseProcCgroup(text: string): CgroupMembership[] {
  const out: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const ctl = line.slice(first + 1, second);
    out.push({
      hierarchyId: Number(line.slice(0, first)),
      controllers: ctl === '' ? [] : ctl.split(','),
      path: line.slice(second + 1),
    });
  }
  return out;
}

/** The mount that holds a membership line's hierarchy, if mounted. */
export function mountFor(m: CgroupMembership, mounts: CgroupMount[]): CgroupMount | undefined {
  if (m.controllers.length === 0) return mounts.find((x) => x.version === 2);
  const key = m.controllers.slice().sort().join(',');
  return mounts.find((x) => x.version === 1 && x.controllers.slice().sort().join(',') === key);
}

/** Host directory of a cgroup path inside a mount (accounting for a mount of a sub-tree). */
export function hostDirOf(mount: CgroupMount, cgroupPath: string): string {
  let rel = cgroupPath;
  if (mount.root !== '/' && (rel === mount.root || rel.startsWith(mount.root + '/')))
    rel = rel.slice(mount.root.length);
  return join(mount.mountPoint, rel);
}

/** Host directories of a process's cgroups, one per mounted hierarchy it belongs to. */
export async function processCgroupDirs(
  fs: HostFs,
  pid: number | 'self',
  mounts: CgroupMount[],
): Promise<{ mount: CgroupMount; path: string; dir: string }[]> {
  const members = parseProcCgroup(await fs.readFile(`/proc/${pid}/cgroup`));
  const out: { mount: CgroupMount; path: string; dir: string }[] = [];
  for (const m of members) {
    const mount = mountFor(m, mounts);
    if (mount) out.push({ mount, path: m.path, dir: hostDirOf(mount, m.path) });
  }
  return out;
}

/** The cgroup directory of a process for one controller (`memory`, `pids`...) on v1 or v2. */
export async function controllerDir(
  fs: HostFs,
  pid: number | 'self',
  controller: string,
  mounts: CgroupMount[],
): Promise<string | undefined> {
  const dirs = await processCgroupDirs(fs, pid, mounts);
  const v1 = dirs.find((d) => d.mount.version === 1 && d.mount.controllers.includes(controller));
  if (v1) return v1.dir;
  const v2 = dirs.find((d) => d.mount.version === 2 && d.mount.controllers.includes(controller));
  return v2?.dir;
}

/** Reads a cgroup interface file, trimmed; undefined when missing. */
export async function readCgroupFile(fs: HostFs, dir: string, file: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(join(dir, file))).trim();
  } catch {
    return undefined;
  }
}

/** Host directories that an absolute cgroupsPath would have, one per mounted hierarchy (named ones too). */
export function dirsForCgroupsPath(cgroupsPath: string, mounts: CgroupMount[]): string[] {
  return mounts.map((m) => hostDirOf({ ...m, root: '/' }, cgroupsPath));
}

/** Of `dirs`, those that exist. */
export async function existingDirs(fs: HostFs, dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) if (await fs.exists(d)) out.push(d);
  return out;
}

/**
 * Removes a cgroup directory and its sub-cgroups, deepest first. A cgroup dir is removed with rmdir
 * (its interface files go with it). Returns the directories that could not be removed.
 */
export async function removeCgroupTree(fs: HostFs, dir: string): Promise<string[]> {
  if (!(await fs.exists(dir))) return [];
  const left: string[] = [];
  let entries: string[] = [];
  try {
    entries = await fs.readdir(dir);
  } catch {
    /* gone meanwhile */
  }
  for (const e of entries) {
    const child = join(dir, e);
    if (await fs.isDirectory(child)) left.push(...(await removeCgroupTree(fs, child)));
  }
  try {
    await fs.rmdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') left.push(dir);
  }
  return left;
}

/**
 * Creates the directories of an absolute cgroupsPath in every mounted hierarchy (as a pre-existing cgroup
 * that a container will join). In a v1 cpuset hierarchy each new level gets its parent's `cpuset.cpus` and
 * `cpuset.mems`, without which no task can join. Returns the leaf directories.
 */
export async function createCgroupDirs(
  fs: HostFs,
  cgroupsPath: string,
  mounts: CgroupMount[],
): Promise<string[]> {
  const out: string[] = [];
  const parts = cgroupsPath.split('/').filter(Boolean);
  for (const m of mounts) {
    let dir = m.mountPoint;
    for (const p of parts) {
      const parent = dir;
      dir = join(dir, p);
      if (await fs.exists(dir)) continue;
      await fs.mkdir(dir);
      if (m.version === 1 && m.controllers.includes('cpuset')) {
        for (const f of ['cpuset.cpus', 'cpuset.mems']) {
          const v = await readCgroupFile(fs, parent, f);
          if (v !== undefined) await fs.writeFile(join(dir, f), v);
        }
      }
    }
    out.push(dir);
  }
  return out;
}

/**
 * The huge page sizes the kernel offers, as hugetlb control files name them (`hugepages-2048kB` in
 * /sys/kernel/mm/hugepages -> `2MB`), smallest first.
 */
export async function hugePageSizes(fs: HostFs): Promise<{ pageSize: string; bytes: number }[]> {
  let names: string[] = [];
  try {
    names = await fs.readdir('/sys/kernel/mm/hugepages');
  } catch {
    return [];
  }
  const out: { pageSize: string; bytes: number }[] = [];
  for (const n of names) {
    const size = hugePageSizeOfDir(n);
    if (size) out.push(size);
  }
  return out.sort((a, b) => a.bytes - b.bytes);
}

/**
 * The page size a /sys/kernel/mm/hugepages entry stands for, as the hugetlb controller's files name it
 * (`hugepages-2048kB` -> `2MB`, `hugepages-64kB` -> `64KB`: KB, MB or GB, the kernel's mem_fmt), or undefined.
 */
export function hugePageSizeOfDir(name: string): { pageSize: string; bytes: number } | undefined {
  const m = /^hugepages-(\d+)kB$/.exec(name);
  if (!m) return undefined;
  const units = ['KB', 'MB', 'GB'];
  let v = Number(m[1]);
  let u = 0;
  while (v >= 1024 && v % 1024 === 0 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return { pageSize: `${v}${units[u]}`, bytes: Number(m[1]) * 1024 };
}
