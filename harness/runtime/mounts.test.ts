// Unit tests of the mount finder on mountinfo text; and, as root, a bind mount left under a dir (as runc
// 1.1 leaves its binary's clone under its state dir when killed during create) is detached and the dir removed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountPointsUnder, mountsUnder, removeRunDir, unmountUnder } from './mounts.js';

const mountinfo = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/root rw',
  '90 22 8:1 /usr/bin/runc /tmp/oci-conform-ab/r/0/x/runc.clone ro - ext4 /dev/root rw',
  '91 22 0:50 / /tmp/oci-conform-ab/c/0/bundle0/rootfs rw - tmpfs tmpfs rw',
  '92 91 0:51 / /tmp/oci-conform-ab/c/0/bundle0/rootfs/with\\040space rw - tmpfs tmpfs rw',
  '93 22 0:52 / /tmp/oci-conform-abc rw - tmpfs tmpfs rw',
  '94 22 0:53 / /tmp/oci-conform-ab/c/0/bundle0/rootfs rw - tmpfs tmpfs rw',
].join('\n');

describe('mountPointsUnder', () => {
  it('finds the mount points at or under a dir, deepest first, unescaped, once each, and not its siblings', () => {
    expect(mountPointsUnder(mountinfo, '/tmp/oci-conform-ab/')).toEqual([
      '/tmp/oci-conform-ab/c/0/bundle0/rootfs/with space',
      '/tmp/oci-conform-ab/c/0/bundle0/rootfs',
      '/tmp/oci-conform-ab/r/0/x/runc.clone',
    ]);
    expect(mountPointsUnder(mountinfo, '/tmp/oci-conform-abc')).toEqual(['/tmp/oci-conform-abc']);
    expect(mountPointsUnder(mountinfo, '/var')).toEqual([]);
  });
});

describe.skipIf(process.getuid?.() !== 0)('unmountUnder (root)', () => {
  it('detaches stacked and busy bind mounts under a dir so that it can be removed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-conform-mounts-test-'));
    try {
      const target = join(dir, 'state', 'ctr', 'runc.clone');
      await mkdir(join(dir, 'state', 'ctr'), { recursive: true });
      await writeFile(target, '');
      // the same point mounted twice, as a clone of a binary would be
      execFileSync('mount', ['--bind', '/bin/true', target]);
      execFileSync('mount', ['--bind', '/bin/true', target]);
      expect(await mountsUnder(dir)).toEqual([target]);
      await expect(rm(dir, { recursive: true, force: true })).rejects.toThrow(/EBUSY/);
      expect(await unmountUnder(dir)).toEqual([]);
      expect(await mountsUnder(dir)).toEqual([]);
      await rm(dir, { recursive: true, force: true });
      expect(existsSync(dir)).toBe(false);
    } finally {
      for (const m of await mountsUnder(dir)) execFileSync('umount', ['-l', m]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(process.getuid?.() !== 0)('removeRunDir (root)', () => {
  // A "host" dir with a file, bind-mounted under a run dir as a case's mount could be.
  async function setUp(): Promise<{ dir: string; host: string; point: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'oci-conform-rundir-test-'));
    const host = await mkdtemp(join(tmpdir(), 'oci-conform-hostdir-test-'));
    await writeFile(join(host, 'precious'), 'keep me');
    const point = join(dir, 'c', '0', 'rootfs', 'mnt');
    await mkdir(point, { recursive: true });
    execFileSync('mount', ['--bind', host, point]);
    return { dir, host, point };
  }
  async function tearDown(s: { dir: string; host: string }): Promise<void> {
    for (const m of await mountsUnder(s.dir)) execFileSync('umount', ['-l', m]);
    await rm(s.dir, { recursive: true, force: true });
    await rm(s.host, { recursive: true, force: true });
  }

  it('detaches the mounts under the dir, then removes it; what a mount showed is untouched', async () => {
    const s = await setUp();
    try {
      expect(await removeRunDir(s.dir)).toEqual([]);
      expect(existsSync(s.dir)).toBe(false);
      expect(await readFile(join(s.host, 'precious'), 'utf8')).toBe('keep me');
    } finally {
      await tearDown(s);
    }
  });

  it('keeps the dir when a mount could not be detached: a recursive removal would delete through it', async () => {
    const s = await setUp();
    try {
      // an unmount that fails, as a umount killed at its deadline would
      const left = await removeRunDir(s.dir, 1000, async () => [s.point]);
      expect(left).toEqual([
        `mount ${s.point}`,
        `dir ${s.dir}: kept, a mount under it could not be detached`,
      ]);
      expect(await readFile(join(s.host, 'precious'), 'utf8')).toBe('keep me');
      expect(existsSync(join(s.point, 'precious'))).toBe(true);
    } finally {
      await tearDown(s);
    }
  });
});
