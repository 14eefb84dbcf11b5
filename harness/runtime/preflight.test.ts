import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostFs } from './cgroups.js';
import { decodeCapabilities, need, preflight } from './preflight.js';

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
