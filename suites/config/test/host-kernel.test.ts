// Host rules that predict create failures from kernel facts: cgroup controllers, hugetlb page sizes,
// sysctls, seccomp actions and architectures, namespace types. Fixture hosts are fake /proc and /sys
// trees in a temp dir read through the real view (rootedFs); the last block runs on this machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../../harness/config/rule.js';
import { hostView, makeHostView, rootedFs, type HostProbes } from '../../../harness/config/views.js';
import { applySuiteRules as applyRules, docFromValue } from '../testing.js';
import { baseConfig } from './base.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A fake host: `files` (path -> text, '/' ending: a directory) under a temp dir, read through the real view. */
function fixtureHost(files: Record<string, string>, probes: HostProbes = {}): HostView {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-host-'));
  made.push(root);
  for (const [p, text] of Object.entries(files)) {
    const at = path.join(root, p);
    if (p.endsWith('/')) fs.mkdirSync(at, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, text);
    }
  }
  return hostView(rootedFs(root), '/proc', probes);
}

const mi = (id: number, mp: string, fstype: string, opts: string) =>
  `${id} 20 0:${id} / ${mp} rw,nosuid shared:${id} - ${fstype} ${fstype} rw,${opts}\n`;

/** This machine's shape: v1 controllers, hugetlb only on the unified (v2) mount. */
const hybrid: Record<string, string> = {
  '/proc/self/mountinfo':
    mi(30, '/sys/fs/cgroup/unified', 'cgroup2', 'nsdelegate') +
    mi(31, '/sys/fs/cgroup/systemd', 'cgroup', 'xattr,name=systemd') +
    mi(32, '/sys/fs/cgroup/memory', 'cgroup', 'memory') +
    mi(33, '/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'cpu,cpuacct') +
    mi(34, '/sys/fs/cgroup/cpuset', 'cgroup', 'cpuset') +
    mi(35, '/sys/fs/cgroup/devices', 'cgroup', 'devices') +
    mi(36, '/sys/fs/cgroup/blkio', 'cgroup', 'blkio') +
    mi(37, '/sys/fs/cgroup/pids', 'cgroup', 'pids'),
  '/sys/fs/cgroup/unified/cgroup.controllers': 'hugetlb\n',
  '/sys/kernel/mm/hugepages/hugepages-2048kB/': '',
  '/proc/self/ns/': '',
  '/proc/sys/kernel/arch': 'x86_64\n',
  '/proc/sys/kernel/seccomp/actions_avail': 'kill_process kill_thread trap errno trace allow\n',
  '/proc/sys/net/ipv4/ip_forward': '0\n',
  '/proc/sys/net/core/bpf_jit_enable': '1\n',
  '/proc/sys/kernel/shm_rmid_forced': '0\n',
};
for (const n of ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'user', 'uts'])
  hybrid[`/proc/self/ns/${n}`] = '';

const v2: Record<string, string> = {
  '/proc/self/mountinfo': mi(30, '/sys/fs/cgroup', 'cgroup2', 'nsdelegate'),
  '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory hugetlb pids\n',
  '/sys/kernel/mm/hugepages/hugepages-2048kB/': '',
  '/sys/kernel/mm/hugepages/hugepages-1048576kB/': '',
};

function found(config: unknown, host: HostView, prefix: string): string[] {
  return applyRules({ doc: docFromValue(config), kind: 'config', specVersion: '1.3.0', host })
    .flatMap((r) => r.findings)
    .filter((f) => f.rule.startsWith(prefix))
    .map((f) => `${(f.location as { pointer: string }).pointer}:${f.level}`);
}
function messages(config: unknown, host: HostView, rule: string): string[] {
  return applyRules({ doc: docFromValue(config), kind: 'config', specVersion: '1.3.0', host })
    .flatMap((r) => r.findings)
    .filter((f) => f.rule === rule)
    .map((f) => f.message);
}

describe('host view: kernel facts from a fake /proc and /sys', () => {
  it('reads cgroup hierarchies, page sizes, namespaces, seccomp actions, machine and sysctls', () => {
    const h = fixtureHost(hybrid);
    expect(h.cgroupMounts?.map((m) => `${m.version}:${m.mountPoint}:${m.controllers.join(',')}`)).toEqual([
      '2:/sys/fs/cgroup/unified:hugetlb',
      '1:/sys/fs/cgroup/systemd:name=systemd',
      '1:/sys/fs/cgroup/memory:memory',
      '1:/sys/fs/cgroup/cpu,cpuacct:cpu,cpuacct',
      '1:/sys/fs/cgroup/cpuset:cpuset',
      '1:/sys/fs/cgroup/devices:devices',
      '1:/sys/fs/cgroup/blkio:blkio',
      '1:/sys/fs/cgroup/pids:pids',
    ]);
    expect(h.hugePageSizes).toEqual(['2MB']);
    expect(h.namespaces).toEqual(['cgroup', 'ipc', 'mount', 'network', 'pid', 'user', 'uts']);
    expect(h.seccompActions).toEqual(['kill_process', 'kill_thread', 'trap', 'errno', 'trace', 'allow']);
    expect(h.machine).toBe('x86_64');
    expect(h.hasSysctl!('net.ipv4.ip_forward')).toBe(true);
    expect(h.hasSysctl!('net/ipv4/ip_forward')).toBe(true);
    expect(h.hasSysctl!('net.ipv4.no_such')).toBe(false);
    expect(fixtureHost(v2).hugePageSizes).toEqual(['1GB', '2MB']);
  });
  it('leaves out what the fixture does not have, so the rules skip instead of guessing', () => {
    const h = fixtureHost({});
    expect(h.cgroupMounts).toBeUndefined();
    expect(h.hugePageSizes).toBeUndefined();
    expect(h.namespaces).toBeUndefined();
    expect(h.seccompActions).toBeUndefined();
    expect(h.hasSysctl).toBeUndefined();
    const c = baseConfig();
    c.linux.resources.hugepageLimits = [{ pageSize: '1GB', limit: 1 << 30 }];
    c.linux.sysctl = { 'net.core.nope': '1' };
    c.linux.seccomp = { defaultAction: 'SCMP_ACT_LOG' };
    expect(found(c, h, 'host.')).toEqual([]);
  });
});

describe("'host.cgroup-controllers'", () => {
  it('hybrid host: hugetlb only on the unified mount is an error that says so; v1 controllers are fine', () => {
    const c = baseConfig();
    c.linux.resources.memory = { limit: 67108864 };
    c.linux.resources.cpu = { shares: 512, cpus: '0' };
    c.linux.resources.pids = { limit: 42 };
    expect(found(c, fixtureHost(hybrid), 'host.cgroup')).toEqual([]);
    c.linux.resources.hugepageLimits = [{ pageSize: '2MB', limit: 2097152 }];
    c.linux.resources.network = { classID: 1 };
    const h = fixtureHost(hybrid);
    expect(found(c, h, 'host.cgroup')).toEqual([
      '/linux/resources/hugepageLimits:must',
      '/linux/resources/network/classID:must',
    ]);
    const m = messages(c, h, 'host.cgroup-controllers');
    expect(m[0]).toMatch(/hugepageLimits needs the hugetlb cgroup controller/);
    expect(m[0]).toMatch(/only on the cgroup v2 hierarchy at \/sys\/fs\/cgroup\/unified/);
    expect(m[1]).toMatch(/the v1 hierarchies mount blkio, cpu, cpuacct, cpuset, devices, memory, pids/);
  });
  it('hybrid host: unified keys need cgroup v2', () => {
    const c = baseConfig();
    c.linux.resources.unified = { 'memory.high': '1G' };
    expect(found(c, fixtureHost(hybrid), 'host.cgroup')).toEqual([
      '/linux/resources/unified/memory.high:must',
    ]);
  });
  it('v2 host: blockIO needs io, devices need no controller, unified keys need their controller', () => {
    const c = baseConfig();
    c.linux.resources.blockIO = { weight: 100 };
    c.linux.resources.unified = { 'memory.high': '1G', 'cgroup.max.depth': '4', 'rdma.max': 'x' };
    c.linux.resources.rdma = { mlx5_0: { hcaHandles: 3 } };
    const h = fixtureHost(v2);
    expect(found(c, h, 'host.cgroup')).toEqual([
      '/linux/resources/unified/rdma.max:must',
      '/linux/resources/rdma:must',
    ]);
    expect(messages(c, h, 'host.cgroup-controllers')[1]).toMatch(
      /cgroup.controllers at \/sys\/fs\/cgroup lists cpu, cpuset, hugetlb, io, memory, pids/,
    );
  });
});

describe("'host.hugepage-sizes'", () => {
  it('a page size the kernel does not offer is an error naming the sizes it does', () => {
    const c = baseConfig();
    c.linux.resources.hugepageLimits = [
      { pageSize: '2MB', limit: 2097152 },
      { pageSize: '1GB', limit: 1073741824 },
    ];
    const h = fixtureHost(hybrid);
    expect(found(c, h, 'host.hugepage')).toEqual(['/linux/resources/hugepageLimits/1/pageSize:must']);
    expect(messages(c, h, 'host.hugepage-sizes')).toEqual([
      'create will fail on this host: huge page size 1GB is not offered by this kernel (it offers 2MB)',
    ]);
    expect(found(c, fixtureHost(v2), 'host.hugepage')).toEqual([]);
  });
  it('64KB pages are named as the hugetlb controller names them (KB, not kB)', () => {
    const c = baseConfig();
    c.linux.resources.hugepageLimits = [{ pageSize: '64KB', limit: 65536 }];
    expect(
      found(c, fixtureHost({ '/sys/kernel/mm/hugepages/hugepages-64kB/': '' }), 'host.hugepage'),
    ).toEqual([]);
  });
});

describe("'host.sysctls-kernel'", () => {
  const probe = (present: string[]) => ({
    sysctlsInNewNetns: (keys: string[]) => new Set(keys.filter((k) => present.includes(k))),
  });
  it('a sysctl with no /proc/sys path is an error', () => {
    const c = baseConfig();
    c.linux.sysctl = { 'kernel.shm_rmid_forced': '1', 'kernel/no_such_knob': '1' };
    const h = fixtureHost(hybrid);
    expect(found(c, h, 'host.sysctls')).toEqual(['/linux/sysctl/kernel~1no_such_knob:must']);
    expect(messages(c, h, 'host.sysctls-kernel')[0]).toMatch(
      /\/proc\/sys\/kernel\/no_such_knob does not exist/,
    );
  });
  it('a net.* sysctl the kernel does not keep per network namespace is an error when the config makes one', () => {
    const c = baseConfig();
    c.linux.sysctl = { 'net.ipv4.ip_forward': '1', 'net.core.bpf_jit_enable': '1' };
    const h = fixtureHost(hybrid, probe(['net.ipv4.ip_forward']));
    expect(found(c, h, 'host.sysctls')).toEqual(['/linux/sysctl/net.core.bpf_jit_enable:must']);
    expect(messages(c, h, 'host.sysctls-kernel')[0]).toMatch(/does not keep it per network namespace/);
  });
  it('says nothing about namespacing without a new network namespace, or when it cannot look', () => {
    const c = baseConfig();
    c.linux.sysctl = { 'net.core.bpf_jit_enable': '1' };
    expect(found(c, fixtureHost(hybrid, { sysctlsInNewNetns: () => undefined }), 'host.sysctls')).toEqual([]);
    c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'network');
    expect(found(c, fixtureHost(hybrid, probe([])), 'host.sysctls')).toEqual([]);
  });
});

describe("'host.seccomp-actions', 'host.seccomp-architectures'", () => {
  it('an action missing from actions_avail is an error, at the default action and at a rule', () => {
    const c = baseConfig();
    c.linux.seccomp = {
      defaultAction: 'SCMP_ACT_NOTIFY',
      syscalls: [
        { names: ['getcwd'], action: 'SCMP_ACT_KILL_PROCESS' },
        { names: ['chmod'], action: 'SCMP_ACT_LOG' },
      ],
    };
    const h = fixtureHost(hybrid);
    expect(found(c, h, 'host.seccomp-actions')).toEqual([
      '/linux/seccomp/defaultAction:must',
      '/linux/seccomp/syscalls/1/action:must',
    ]);
    expect(messages(c, h, 'host.seccomp-actions')[1]).toBe(
      "create will fail on this host: SCMP_ACT_LOG needs the kernel's log seccomp action, but /proc/sys/kernel/seccomp/actions_avail lists kill_process kill_thread trap errno trace allow",
    );
  });
  it('an ABI the kernel does not run is a hazard; its compat ABIs are fine', () => {
    const c = baseConfig();
    c.linux.seccomp = {
      defaultAction: 'SCMP_ACT_ALLOW',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_AARCH64'],
    };
    expect(found(c, fixtureHost(hybrid), 'host.seccomp-arch')).toEqual([
      '/linux/seccomp/architectures/2:hazard',
    ]);
    expect(found(c, fixtureHost({ '/proc/sys/kernel/arch': 'aarch64\n' }), 'host.seccomp-arch')).toEqual([
      '/linux/seccomp/architectures/0:hazard',
      '/linux/seccomp/architectures/1:hazard',
    ]);
  });
});

describe("'host.namespaces-kernel'", () => {
  it('a namespace type missing from /proc/self/ns is an error', () => {
    const c = baseConfig();
    c.linux.namespaces.push({ type: 'time' });
    const h = fixtureHost(hybrid);
    const i = c.linux.namespaces.length - 1;
    expect(found(c, h, 'host.namespaces-kernel')).toEqual([`/linux/namespaces/${i}/type:must`]);
    expect(messages(c, h, 'host.namespaces-kernel')[0]).toBe(
      'create will fail on this host: the kernel has no time namespace (/proc/self/ns offers cgroup, ipc, mount, network, pid, user, uts)',
    );
  });
});

describe('on this machine', () => {
  const host = makeHostView();
  it('the kernel facts are read, and the namespaces this kernel lists pass', () => {
    expect(host.namespaces).toEqual(expect.arrayContaining(['mount', 'network', 'pid']));
    expect(host.seccompActions).toEqual(expect.arrayContaining(['allow', 'errno']));
    expect(host.machine).toBe(os.machine());
    const c = baseConfig();
    c.linux.namespaces = host.namespaces!.map((type) => ({ type }));
    c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    c.linux.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    expect(found(c, host, 'host.namespaces-kernel')).toEqual([]);
  });
  it('a hugetlb limit gets a controller finding exactly when no v1 (or, on v2, the v2) hierarchy has hugetlb', () => {
    const c = baseConfig();
    const size = host.hugePageSizes?.[0] ?? '2MB';
    c.linux.resources.hugepageLimits = [{ pageSize: size, limit: 1 << 30 }];
    const mounts = host.cgroupMounts ?? [];
    const v1 = mounts.filter((m) => m.version === 1 && m.controllers.some((x) => !x.startsWith('name=')));
    const usable = v1.length > 0 ? v1 : mounts.filter((m) => m.version === 2);
    const hasHugetlb = usable.some((m) => m.controllers.includes('hugetlb'));
    expect(found(c, host, 'host.cgroup-controllers').includes('/linux/resources/hugepageLimits:must')).toBe(
      mounts.length > 0 && !hasHugetlb,
    );
    c.linux.resources.hugepageLimits = [{ pageSize: '16GB', limit: 1 << 30 }];
    expect(found(c, host, 'host.hugepage-sizes')).toEqual([
      '/linux/resources/hugepageLimits/0/pageSize:must',
    ]);
  });
  it('sysctls: a missing key is an error, ip_forward (per network namespace on every kernel) is not', () => {
    const c = baseConfig();
    c.linux.sysctl = { 'net.ipv4.ip_forward': '1', 'net.core.no_such_knob': '1' };
    expect(found(c, host, 'host.sysctls')).toEqual(['/linux/sysctl/net.core.no_such_knob:must']);
    expect(host.sysctlsInNewNetns!(['net.ipv4.ip_forward'])?.has('net.ipv4.ip_forward') ?? true).toBe(true);
  });
});
