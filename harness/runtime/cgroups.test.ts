import { cp, mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cgroupMode,
  cgroupMounts,
  controllerDir,
  createCgroupDirs,
  dirsForCgroupsPath,
  existingDirs,
  hostDirOf,
  hostFs,
  parseCgroupMountinfo,
  parseProcCgroup,
  processCgroupDirs,
  readCgroupFile,
  removeCgroupTree,
} from './cgroups.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const hybrid = hostFs(join(fixtures, 'hybrid'));
const v2 = hostFs(join(fixtures, 'v2'));
const temps: string[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
});

describe('cgroup mounts', () => {
  it('finds v1 hierarchies with their controllers and the v2 mount on a hybrid host', async () => {
    const mounts = await cgroupMounts(hybrid);
    expect(mounts.map((m) => [m.mountPoint, m.version, m.controllers])).toEqual([
      ['/sys/fs/cgroup/cpu', 1, ['cpu']],
      ['/sys/fs/cgroup/cpuset', 1, ['cpuset']],
      ['/sys/fs/cgroup/memory', 1, ['memory']],
      ['/sys/fs/cgroup/pids', 1, ['pids']],
      ['/sys/fs/cgroup/systemd', 1, ['name=systemd']],
      ['/sys/fs/cgroup/unified', 2, ['hugetlb']],
    ]);
    expect(cgroupMode(mounts)).toBe('hybrid');
  });

  it('reads the v2 controllers of a unified host', async () => {
    const mounts = await cgroupMounts(v2);
    expect(mounts).toEqual([
      {
        mountPoint: '/sys/fs/cgroup',
        version: 2,
        root: '/',
        controllers: ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc'],
      },
    ]);
    expect(cgroupMode(mounts)).toBe('v2');
    expect(cgroupMode([])).toBe('none');
    expect(cgroupMode(mounts.map((m) => ({ ...m, version: 1 as const, controllers: ['memory'] })))).toBe(
      'v1',
    );
  });

  it('unescapes mount points and keeps the mount root', () => {
    const [m] = parseCgroupMountinfo('50 31 0:40 /sub /mnt/a\\040b rw - cgroup cgroup rw,pids\n');
    expect(m).toEqual({ mountPoint: '/mnt/a b', version: 1, controllers: ['pids'], root: '/sub' });
    expect(hostDirOf(m!, '/sub/x')).toBe('/mnt/a b/x');
  });
});

describe('process membership', () => {
  it('parses /proc/PID/cgroup lines, including the v2 line', () => {
    expect(parseProcCgroup('4:memory:/a\n0::/b\n2:cpu,cpuacct:/c\n')).toEqual([
      { hierarchyId: 4, controllers: ['memory'], path: '/a' },
      { hierarchyId: 0, controllers: [], path: '/b' },
      { hierarchyId: 2, controllers: ['cpu', 'cpuacct'], path: '/c' },
    ]);
  });

  it('maps a process to its host dirs and reads controller files (v1)', async () => {
    const mounts = await cgroupMounts(hybrid);
    const dirs = await processCgroupDirs(hybrid, 4242, mounts);
    expect(dirs.map((d) => d.dir)).toContain('/sys/fs/cgroup/unified/oci/ctr');
    const pids = await controllerDir(hybrid, 4242, 'pids', mounts);
    expect(pids).toBe('/sys/fs/cgroup/pids/oci/ctr');
    expect(await readCgroupFile(hybrid, pids!, 'pids.max')).toBe('42');
    expect(await readCgroupFile(hybrid, pids!, 'nope')).toBeUndefined();
    expect(await controllerDir(hybrid, 4242, 'rdma', mounts)).toBeUndefined();
  });

  it('maps a process to its host dir and reads controller files (v2)', async () => {
    const mounts = await cgroupMounts(v2);
    const dir = await controllerDir(v2, 77, 'pids', mounts);
    expect(dir).toBe('/sys/fs/cgroup/user.slice/ctr');
    expect(await readCgroupFile(v2, dir!, 'pids.max')).toBe('42');
  });
});

describe('cgroup dirs of a cgroupsPath', () => {
  async function copy(name: string) {
    const t = await mkdtemp(join(tmpdir(), 'cg-fixture-'));
    temps.push(t);
    await cp(join(fixtures, name), t, { recursive: true });
    return t;
  }

  it('creates a pre-existing cgroup in every hierarchy, copying cpuset cpus/mems level by level', async () => {
    const root = await copy('hybrid');
    const fs = hostFs(root);
    const mounts = await cgroupMounts(fs);
    const leaves = await createCgroupDirs(fs, '/a/b', mounts);
    expect(leaves).toEqual(dirsForCgroupsPath('/a/b', mounts));
    expect(await existingDirs(fs, leaves)).toEqual(leaves);
    expect((await readFile(join(root, 'sys/fs/cgroup/cpuset/a/b/cpuset.cpus'), 'utf8')).trim()).toBe('0-1');
    expect((await readFile(join(root, 'sys/fs/cgroup/cpuset/a/cpuset.mems'), 'utf8')).trim()).toBe('0');
    expect(existsSync(join(root, 'sys/fs/cgroup/memory/a/cpuset.cpus'))).toBe(false);
  });

  it('removes a cgroup tree deepest first and reports what it could not remove', async () => {
    const root = await copy('hybrid');
    const fs = hostFs(root);
    await mkdir(join(root, 'sys/fs/cgroup/pids/t/u/v'), { recursive: true });
    expect(await removeCgroupTree(fs, '/sys/fs/cgroup/pids/t')).toEqual([]);
    expect(existsSync(join(root, 'sys/fs/cgroup/pids/t'))).toBe(false);
    expect(await removeCgroupTree(fs, '/sys/fs/cgroup/pids/missing')).toEqual([]);
    // A real cgroup dir holds interface files that rmdir removes; a plain dir with a file cannot be removed.
    expect(await removeCgroupTree(fs, '/sys/fs/cgroup/pids/oci')).toEqual([
      '/sys/fs/cgroup/pids/oci/ctr',
      '/sys/fs/cgroup/pids/oci',
    ]);
  });
});
