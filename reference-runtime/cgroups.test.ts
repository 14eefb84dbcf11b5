// Unit tests of cgroup directory creation against a temp-dir tree standing in for cgroupfs: v1 cpuset
// filling on every level, concurrent creates of siblings under a new parent, v2 delegation, clean-up.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCgroupDirs,
  parseLayout,
  removeCgroupDirs,
  resolveCgroupDirs,
  type CgroupLayout,
} from './cgroups.js';

const tmp = mkdtempSync(join(tmpdir(), 'rr-cgroups-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A v1 tree with cpuset and memory hierarchies; the cpuset root holds cpus 0-3 and mems 0. */
function v1Tree(): { root: string; layout: CgroupLayout } {
  const root = join(tmp, `v1-${++n}`);
  const layout = parseLayout(
    [
      `31 25 0:28 / ${root}/memory rw,relatime - cgroup cgroup rw,memory`,
      `30 25 0:27 / ${root}/cpuset rw,relatime - cgroup cgroup rw,cpuset`,
    ].join('\n'),
    ['5:cpuset:/', '4:memory:/'].join('\n'),
  );
  mkdirSync(join(root, 'cpuset'), { recursive: true });
  mkdirSync(join(root, 'memory'), { recursive: true });
  cpuset(join(root, 'cpuset'), '0-3', '0');
  return { root, layout };
}

/** Makes `dir` with the given cpuset files, as cgroupfs shows them (an empty value is an empty file). */
function cpuset(dir: string, cpus: string, mems: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cpuset.cpus'), cpus ? cpus + '\n' : '');
  writeFileSync(join(dir, 'cpuset.mems'), mems ? mems + '\n' : '');
}

const read = (file: string): string => readFileSync(file, 'utf8').trim();

/** cgroupfs drops a directory's files with it; a temp dir needs them gone before rmdir. */
function dropFiles(dirs: readonly string[]): void {
  for (const d of dirs)
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isFile()) rmSync(join(d, e.name));
}

describe('createCgroupDirs (v1 cpuset)', () => {
  it('fills an existing parent whose cpuset files are empty, and the new leaf, from the root', () => {
    const { root, layout } = v1Tree();
    cpuset(join(root, 'cpuset', 'p'), '', '');
    mkdirSync(join(root, 'memory', 'p'));
    const created = createCgroupDirs(resolveCgroupDirs(layout, '/p/c', 'x'));
    expect(created).toEqual([join(root, 'memory', 'p', 'c'), join(root, 'cpuset', 'p', 'c')]);
    for (const d of ['p', 'p/c']) {
      expect(read(join(root, 'cpuset', d, 'cpuset.cpus'))).toBe('0-3');
      expect(read(join(root, 'cpuset', d, 'cpuset.mems'))).toBe('0');
    }
    // only the cpuset hierarchy gets cpuset files
    expect(existsSync(join(root, 'memory', 'p', 'c', 'cpuset.cpus'))).toBe(false);
  });

  it('never changes a level that has values, and copies the nearest ancestor to empty ones below it', () => {
    const { root, layout } = v1Tree();
    cpuset(join(root, 'cpuset', 'q'), '1', '0');
    cpuset(join(root, 'cpuset', 'q', 'e'), '', '');
    cpuset(join(root, 'cpuset', 'q', 'e', 'f'), '1', '');
    createCgroupDirs(resolveCgroupDirs(layout, '/q/e/f/c', 'x'));
    expect(read(join(root, 'cpuset', 'cpuset.cpus'))).toBe('0-3');
    expect(read(join(root, 'cpuset', 'q', 'cpuset.cpus'))).toBe('1');
    expect(read(join(root, 'cpuset', 'q', 'e', 'cpuset.cpus'))).toBe('1');
    expect(read(join(root, 'cpuset', 'q', 'e', 'cpuset.mems'))).toBe('0');
    expect(read(join(root, 'cpuset', 'q', 'e', 'f', 'cpuset.mems'))).toBe('0');
    expect(read(join(root, 'cpuset', 'q', 'e', 'f', 'c', 'cpuset.cpus'))).toBe('1');
    expect(read(join(root, 'cpuset', 'q', 'e', 'f', 'c', 'cpuset.mems'))).toBe('0');
  });

  it('lets two creates of siblings under a new parent both succeed; each deletes only its own dirs', async () => {
    const { root, layout } = v1Tree();
    // The first create makes the new parent and its leaf.
    const a = createCgroupDirs(resolveCgroupDirs(layout, '/new/c1', 'a'));
    expect(a).toContain(join(root, 'cpuset', 'new'));
    expect(a).toContain(join(root, 'cpuset', 'new', 'c1'));
    // The second one runs while the parent is made but not filled yet (the race): it finds the
    // parent existing (EEXIST), fills it itself, and does not record it as its own.
    cpuset(join(root, 'cpuset', 'new'), '', '');
    const b = createCgroupDirs(resolveCgroupDirs(layout, '/new/c2', 'b'));
    expect(b).toEqual([join(root, 'memory', 'new', 'c2'), join(root, 'cpuset', 'new', 'c2')]);
    for (const d of ['new', 'new/c2']) {
      expect(read(join(root, 'cpuset', d, 'cpuset.cpus'))).toBe('0-3');
      expect(read(join(root, 'cpuset', d, 'cpuset.mems'))).toBe('0');
    }
    // Deleting the first leaves the parent (the sibling is in it) and never touches the sibling.
    dropFiles(a.filter((d) => d.endsWith('c1')));
    await removeCgroupDirs(a);
    expect(existsSync(join(root, 'cpuset', 'new', 'c1'))).toBe(false);
    expect(existsSync(join(root, 'cpuset', 'new', 'c2'))).toBe(true);
    expect(existsSync(join(root, 'memory', 'new', 'c2'))).toBe(true);
    // Deleting the second removes its leaves only: the parent was not its to remove.
    dropFiles(b);
    await removeCgroupDirs(b);
    expect(existsSync(join(root, 'cpuset', 'new', 'c2'))).toBe(false);
    expect(existsSync(join(root, 'memory', 'new', 'c2'))).toBe(false);
    expect(existsSync(join(root, 'cpuset', 'new'))).toBe(true);
    expect(existsSync(join(root, 'cpuset'))).toBe(true);
  });

  it('removes the directories it made when a later step fails', () => {
    const { root, layout } = v1Tree();
    // an existing level whose cpuset.cpus cannot be read (a directory in the fixture)
    mkdirSync(join(root, 'cpuset', 'bad', 'cpuset.cpus'), { recursive: true });
    expect(() => createCgroupDirs(resolveCgroupDirs(layout, '/bad/x/c', 'x'))).toThrow();
    expect(existsSync(join(root, 'cpuset', 'bad', 'x'))).toBe(false);
    expect(existsSync(join(root, 'memory', 'bad'))).toBe(false);
    expect(existsSync(join(root, 'cpuset', 'bad'))).toBe(true);
  });
});

describe('createCgroupDirs (v2)', () => {
  it('enables only the controllers not enabled yet, down to the parent of the leaf', () => {
    const root = join(tmp, `v2-${++n}`);
    const layout = parseLayout(`41 31 0:38 / ${root} rw - cgroup2 cgroup2 rw`, '0::/');
    mkdirSync(join(root, 'p'), { recursive: true });
    writeFileSync(join(root, 'cgroup.controllers'), 'cpu memory pids\n');
    writeFileSync(join(root, 'cgroup.subtree_control'), 'cpu memory pids\n');
    writeFileSync(join(root, 'p', 'cgroup.controllers'), 'cpu memory pids\n');
    writeFileSync(join(root, 'p', 'cgroup.subtree_control'), '');
    const created = createCgroupDirs(resolveCgroupDirs(layout, '/p/c', 'x'));
    expect(created).toEqual([join(root, 'p', 'c')]);
    // the root had them all: not written again (the fixture file would hold the last `+x` write)
    expect(read(join(root, 'cgroup.subtree_control'))).toBe('cpu memory pids');
    // the existing parent had none: written
    expect(read(join(root, 'p', 'cgroup.subtree_control'))).toMatch(/^\+(cpu|memory|pids)$/);
    // the leaf is never given subtree controllers (it holds the container's processes)
    expect(existsSync(join(root, 'p', 'c', 'cgroup.subtree_control'))).toBe(false);
    // a second create of a sibling under the same parent succeeds too
    expect(createCgroupDirs(resolveCgroupDirs(layout, '/p/c2', 'y'))).toEqual([join(root, 'p', 'c2')]);
  });
});
