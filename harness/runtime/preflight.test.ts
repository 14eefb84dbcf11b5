import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostFs } from './cgroups.js';
import { decodeCapabilities, fsTypeOf, need, preflight } from './preflight.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const pinned = { uid: 0, kernel: '6.1.0', arch: 'x64', cpus: 2 };

describe('preflight', () => {
  it('reads a hybrid host: cgroup mode, controllers, capabilities, namespaces, userns, LSMs', async () => {
    const h = await preflight({ ...pinned, fs: hostFs(join(fixtures, 'hybrid')) });
    expect(h.cgroupMode).toBe('hybrid');
    expect(h.cgroupControllers).toEqual(['cpu', 'cpuset', 'hugetlb', 'memory', 'pids']);
    expect(h.capabilities).toContain('CAP_SYS_ADMIN');
    expect(h.capabilities).not.toContain('CAP_SYS_RESOURCE');
    expect(h.namespaces).toEqual(['cgroup', 'ipc', 'mount', 'network', 'pid', 'time', 'user', 'uts']);
    expect(h.userNamespaces).toBe(true);
    expect(h.lsms).toEqual(['lockdown', 'capability', 'apparmor']);
    expect(h.seccomp).toBe(true);
    expect(h.root).toBe(true);
    expect(need.controller(h, 'pids')).toBeNull();
    expect(need.controller(h, 'rdma')).toMatch(/rdma/);
    expect(need.lsm(h, 'selinux')).toMatch(/selinux/);
    expect(need.namespace(h, 'time')).toBeNull();
  });

  it('reads a v2 host without user namespaces, seccomp or capabilities, as non-root', async () => {
    const h = await preflight({ ...pinned, uid: 1000, fs: hostFs(join(fixtures, 'v2')) });
    expect(h.cgroupMode).toBe('v2');
    expect(h.cgroupControllers).toContain('io');
    expect(h.userNamespaces).toBe(false);
    expect(h.seccomp).toBe(false);
    expect(h.capabilities).toEqual([]);
    expect(h.lsms).toEqual([]);
    expect(need.root(h)).toMatch(/root/);
    expect(need.userNamespaces(h)).toMatch(/user namespaces/);
    expect(need.capability(h, 'CAP_SYS_ADMIN')).toMatch(/CAP_SYS_ADMIN/);
  });

  it('names the v1 blkio weight file the kernel offers: CFQ, BFQ, or none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oci-conform-preflight-'));
    try {
      cpSync(join(fixtures, 'hybrid'), dir, { recursive: true });
      expect((await preflight({ ...pinned, fs: hostFs(dir) })).blkioWeightFile).toBeUndefined();
      appendFileSync(
        join(dir, 'proc/self/mountinfo'),
        '40 31 0:40 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n',
      );
      const blkio = join(dir, 'sys/fs/cgroup/blkio');
      mkdirSync(blkio);
      const facts = () => preflight({ ...pinned, fs: hostFs(dir) });
      writeFileSync(join(blkio, 'blkio.throttle.read_bps_device'), '');
      expect((await facts()).blkioWeightFile).toBeNull();
      writeFileSync(join(blkio, 'blkio.bfq.io_serviced'), '');
      expect((await facts()).blkioWeightFile).toBe('blkio.bfq.weight');
      writeFileSync(join(blkio, 'blkio.weight'), '500');
      expect((await facts()).blkioWeightFile).toBe('blkio.weight');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the file system of the run's bundles, and skips idmapped mounts where it has none", async () => {
    const mountinfo = [
      '22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw',
      '30 22 0:25 / /tmp rw,nosuid - tmpfs tmpfs rw',
      '31 30 0:26 / /tmp/with\\040space rw - 9p share rw',
      '32 22 0:27 / /tmpx rw - xfs /dev/sdb rw',
    ].join('\n');
    expect(fsTypeOf(mountinfo, '/tmp/oci-conform-1/c')).toBe('tmpfs');
    expect(fsTypeOf(mountinfo, '/tmp')).toBe('tmpfs');
    expect(fsTypeOf(mountinfo, '/tmpx/a')).toBe('xfs'); // a prefix of the string is not a parent
    expect(fsTypeOf(mountinfo, '/tmp/with space/b')).toBe('9p'); // octal escapes in mount points
    expect(fsTypeOf(mountinfo, '/var/tmp')).toBe('ext4');
    expect(fsTypeOf('', '/tmp')).toBeUndefined();

    const facts = await preflight({ ...pinned, fs: hostFs(join(fixtures, 'v2')), workDir: '/tmp/x' });
    expect(facts.workFs).toBe('ext4');
    const on = (workFs: string | undefined, kernel: string) => need.idmapMounts({ ...facts, workFs, kernel });
    expect(on('ext4', '5.12.0')).toBeNull();
    expect(on('ext4', '5.11.9')).toMatch(
      /ext4, which supports them from kernel 5\.12 \(this kernel: 5\.11\.9\)/,
    );
    expect(on('tmpfs', '6.1.0-57-amd64')).toMatch(/tmpfs, which supports them from kernel 6\.3/);
    expect(on('tmpfs', '6.3.0')).toBeNull();
    expect(on('9p', '6.8.0')).toMatch(/on 9p, which has no idmapped mounts/);
    expect(on(undefined, '6.8.0')).toMatch(/a file system mountinfo does not name/);
  });

  it('never throws on an empty host', async () => {
    const h = await preflight({ ...pinned, fs: hostFs(join(fixtures, 'does-not-exist')) });
    expect(h.cgroupMode).toBe('none');
    expect(h.namespaces).toEqual([]);
    expect(need.cgroups(h)).toMatch(/cgroup/);
  });

  it('decodes capability masks by bit', () => {
    expect(decodeCapabilities('0000000000000001')).toEqual(['CAP_CHOWN']);
    expect(decodeCapabilities('0000000020000420')).toEqual([
      'CAP_KILL',
      'CAP_NET_BIND_SERVICE',
      'CAP_AUDIT_WRITE',
    ]);
    expect(decodeCapabilities('000001fffeffffff')).toHaveLength(40);
  });
});
