// Unit tests of the reference runtime's pure parts: signals, mount options, plan encoding,
// cgroup layout and writes (against a temp dir), config checks, state derivation.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LINUX_MOUNT_OPTIONS } from '../schemas/runtime/vocabulary.js';
import { capabilityMask } from './capabilities.js';
import {
  applyWrites,
  createCgroupDirs,
  parseLayout,
  removeCgroupDirs,
  resolveCgroupDirs,
  resourceWrites,
  type CgroupLayout,
} from './cgroups.js';
import { checkConfig, loadConfig } from './config.js';
import {
  MS_BIND,
  MS_NODEV,
  MS_NOSUID,
  MS_RDONLY,
  MS_REC,
  MS_SLAVE,
  KNOWN_MOUNT_OPTIONS,
  parseMountOptions,
} from './mount-options.js';
import { buildPlan, escapeField, serializePlan } from './plan.js';
import { parseSignal } from './signals.js';
import { checkContainerId, ociState, statusOf, type ContainerRecord } from './state.js';
import type { Spec } from './spec.js';

const tmp = mkdtempSync(join(tmpdir(), 'rr-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseSignal', () => {
  it('accepts names with and without SIG, any case, and numbers', () => {
    expect(parseSignal('TERM')).toBe(15);
    expect(parseSignal('SIGKILL')).toBe(9);
    expect(parseSignal('sigusr1')).toBe(10);
    expect(parseSignal('9')).toBe(9);
    expect(parseSignal('RTMIN+2')).toBe(36);
  });
  it('rejects unknown names and out-of-range numbers', () => {
    expect(() => parseSignal('BOGUS')).toThrow(/unknown signal/);
    expect(() => parseSignal('999')).toThrow(/invalid signal number/);
    expect(() => parseSignal('0')).toThrow();
  });
});

describe('parseMountOptions', () => {
  it('turns flag options into flags, propagation apart, the rest into data', () => {
    const o = parseMountOptions(['nosuid', 'nodev', 'ro', 'mode=755', 'size=64k', 'rslave']);
    expect(o.flags).toBe(MS_NOSUID | MS_NODEV | MS_RDONLY);
    expect(o.propagation).toBe(MS_SLAVE | MS_REC);
    expect(o.data).toBe('mode=755,size=64k');
  });
  it('maps the recursive r* options to mount_setattr attributes, later ones winning', () => {
    expect(parseMountOptions(['rbind', 'rro', 'rnosuid'])).toMatchObject({ attrSet: 0x1 | 0x2, attrClr: 0 });
    expect(parseMountOptions(['rro', 'rrw'])).toMatchObject({ attrSet: 0, attrClr: 0x1 });
    expect(parseMountOptions(['rnoatime'])).toMatchObject({ attrSet: 0x10, attrClr: 0x70 });
    expect(parseMountOptions(['rnoatime', 'rstrictatime'])).toMatchObject({ attrSet: 0x20, attrClr: 0x70 });
    expect(parseMountOptions(['rro']).flags).toBe(0);
  });
  it('later options win and rbind is recursive bind', () => {
    expect(parseMountOptions(['ro', 'rw']).flags & MS_RDONLY).toBe(0);
    expect(parseMountOptions(['rbind']).flags).toBe(MS_BIND | MS_REC);
    expect(parseMountOptions([], 'bind').flags).toBe(MS_BIND);
  });
  it('knows the spec table but tmpcopyup, idmap and ridmap, plus rnodev, and none of them goes to data', () => {
    const spec = new Set<string>(LINUX_MOUNT_OPTIONS);
    expect(KNOWN_MOUNT_OPTIONS.filter((o) => !spec.has(o))).toEqual(['rnodev']);
    expect([...spec].filter((o) => !KNOWN_MOUNT_OPTIONS.includes(o)).sort()).toEqual([
      'idmap',
      'ridmap',
      'tmpcopyup',
    ]);
    for (const o of KNOWN_MOUNT_OPTIONS) expect(parseMountOptions([o]).data).toBe('');
  });
});

describe('capabilityMask', () => {
  it('sets the bits of known names and refuses unknown ones', () => {
    expect(capabilityMask(['CAP_KILL', 'CAP_AUDIT_WRITE'], 40, 'x')).toBe((1n << 5n) | (1n << 29n));
    expect(() => capabilityMask(['CAP_BOGUS'], 40, 'x')).toThrow(/unknown capability/);
    expect(() => capabilityMask(['CAP_CHECKPOINT_RESTORE'], 39, 'x')).toThrow(/not supported by this kernel/);
  });
});

describe('checkContainerId', () => {
  it('follows the runc charset', () => {
    expect(checkContainerId('a-b_c.d+1')).toBe('a-b_c.d+1');
    for (const bad of ['', 'a/b', 'a b', '..', '.']) expect(() => checkContainerId(bad)).toThrow();
  });
});

describe('plan encoding', () => {
  it('escapes tabs, newlines and backslashes', () => {
    expect(escapeField('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
    expect(serializePlan([['env', 'X=1\t2']])).toBe('env\tX=1\\t2\n');
  });
});

function bundleWith(spec: object): string {
  const b = mkdtempSync(join(tmp, 'bundle-'));
  mkdirSync(join(b, 'rootfs'));
  writeFileSync(join(b, 'config.json'), JSON.stringify(spec));
  return b;
}

const base = (): Spec & Record<string, any> => ({
  ociVersion: '1.3.0',
  root: { path: 'rootfs' },
  process: { args: ['/bin/true'], cwd: '/', user: { uid: 0, gid: 0 } },
  hostname: 'h',
  linux: { namespaces: [{ type: 'mount' }, { type: 'uts' }, { type: 'pid' }] },
});

describe('checkConfig', () => {
  const cases: [string, (c: any) => void, RegExp][] = [
    ['missing ociVersion', (c) => delete c.ociVersion, /ociVersion/],
    ['ociVersion 2.0.0', (c) => (c.ociVersion = '2.0.0'), /ociVersion/],
    ['missing root', (c) => delete c.root, /root\.path/],
    ['nonexistent rootfs', (c) => (c.root.path = 'nope'), /does not exist/],
    ['empty args', (c) => (c.process.args = []), /process\.args/],
    ['relative cwd', (c) => (c.process.cwd = 'rel'), /process\.cwd/],
    ['bogus namespace', (c) => c.linux.namespaces.push({ type: 'bogus' }), /bogus/],
    ['duplicate namespace', (c) => c.linux.namespaces.push({ type: 'pid' }), /duplicate/],
    ['hostname without uts', (c) => (c.linux.namespaces = [{ type: 'mount' }]), /uts/],
    ['string uid', (c) => (c.process.user.uid = '0'), /uid/],
    ['terminal', (c) => (c.process.terminal = true), /terminal/],
    ['hook timeout 0', (c) => (c.hooks = { poststop: [{ path: '/x', timeout: 0 }] }), /timeout/],
    ['apparmor', (c) => (c.process.apparmorProfile = 'p'), /apparmorProfile/],
  ];
  for (const [name, mutate, re] of cases) {
    it(`rejects ${name}`, () => {
      const c = base();
      mutate(c);
      const b = bundleWith(c);
      expect(() => checkConfig(c, b)).toThrow(re);
    });
  }
  it('runs the runtime-spec schema first and names the offending pointers', () => {
    const c: any = base();
    c.process.user.uid = '0';
    c.process.args = [];
    expect(() => loadConfig(bundleWith(c))).toThrow(/\/process\/args.*\/process\/user\/uid/);
    expect(() => loadConfig(bundleWith(base()))).not.toThrow();
  });
  it('accepts a minimal valid config', () => {
    const c = base();
    expect(() => checkConfig(c, bundleWith(c))).not.toThrow();
  });
});

const fakeLayout = (root: string): CgroupLayout => {
  const mi = [
    `32 31 0:29 / ${root}/memory rw,relatime - cgroup cgroup rw,memory`,
    `33 31 0:30 / ${root}/pids rw,relatime - cgroup cgroup rw,pids`,
    `34 31 0:31 / ${root}/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct`,
    `41 31 0:38 / ${root}/unified rw,relatime - cgroup2 cgroup2 rw`,
  ].join('\n');
  const self = ['4:memory:/caller', '3:pids:/', '2:cpu,cpuacct:/', '0::/'].join('\n');
  return parseLayout(mi, self);
};

describe('cgroups', () => {
  it('reads a hybrid layout and resolves absolute and relative paths', () => {
    const l = fakeLayout('/cg');
    expect(l.mode).toBe('hybrid');
    expect(l.hierarchies.map((h) => h.controllers.join(','))).toEqual(['memory', 'pids', 'cpu,cpuacct', '']);
    const abs = resolveCgroupDirs(l, '/a/b', 'x');
    expect(abs.map((d) => d.dir)).toEqual([
      '/cg/memory/a/b',
      '/cg/pids/a/b',
      '/cg/cpu,cpuacct/a/b',
      '/cg/unified/a/b',
    ]);
    const rel = resolveCgroupDirs(l, 'rel', 'x');
    expect(rel[0]!.dir).toBe('/cg/memory/caller/rel');
    expect(resolveCgroupDirs(l, undefined, 'x')[1]!.dir).toBe('/cg/pids/oci-ref/x');
    expect(() => resolveCgroupDirs(l, 'system.slice:oci:x', 'x')).toThrow(/systemd/);
  });
  it('writes v1 limits into the per-controller dirs and removes only what it created', async () => {
    const root = join(tmp, 'cgv1');
    const l = fakeLayout(root);
    for (const h of l.hierarchies) mkdirSync(h.mountpoint, { recursive: true });
    mkdirSync(join(root, 'memory', 'keep'));
    const dirs = resolveCgroupDirs(l, '/keep/ctr', 'x');
    const created = createCgroupDirs(dirs);
    expect(created).toContain(join(root, 'memory', 'keep', 'ctr'));
    expect(created).not.toContain(join(root, 'memory', 'keep'));
    const writes = resourceWrites(l, dirs, {
      memory: { limit: 67108864, reservation: 1024 },
      pids: { limit: 42 },
      cpu: { shares: 512, quota: 50000, period: 100000 },
    });
    applyWrites(writes);
    expect(readFileSync(join(root, 'memory/keep/ctr/memory.limit_in_bytes'), 'utf8')).toBe('67108864');
    expect(readFileSync(join(root, 'memory/keep/ctr/memory.soft_limit_in_bytes'), 'utf8')).toBe('1024');
    expect(readFileSync(join(root, 'pids/keep/ctr/pids.max'), 'utf8')).toBe('42');
    expect(readFileSync(join(root, 'cpu,cpuacct/keep/ctr/cpu.cfs_quota_us'), 'utf8')).toBe('50000');
    // real cgroupfs removes the files with the dir; a temp dir needs them gone first
    for (const w of writes) rmSync(w.file);
    await removeCgroupDirs(created);
    expect(existsSync(join(root, 'memory/keep/ctr'))).toBe(false);
    expect(existsSync(join(root, 'memory/keep'))).toBe(true);
    expect(existsSync(join(root, 'pids/keep'))).toBe(false);
  });
  it('on v2: refuses v1-only settings, writes hugetlb (reservations where the kernel has them) and picks the weight file when writing', () => {
    const l = parseLayout('41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw', '0::/user.slice/me');
    const dirs = resolveCgroupDirs(l, '/t/c', 'x');
    expect(resolveCgroupDirs(l, 'rel', 'x')[0]!.path).toBe('/user.slice/rel'); // beside the own cgroup
    expect(() => resourceWrites(l, dirs, { memory: { swappiness: 30 } })).toThrow(/swappiness.*cgroup v2/);
    expect(() => resourceWrites(l, dirs, { network: { classID: 1 } })).toThrow(/net_cls.*cgroup v2/);
    expect(() => resourceWrites(l, dirs, { cpu: { realtimeRuntime: 1, realtimePeriod: 10 } })).toThrow(
      /realtime.*cgroup v2/,
    );
    expect(() => resourceWrites(l, dirs, { hugepageLimits: [{ pageSize: '2 MiB', limit: 1 }] })).toThrow(
      /expected <size><unit> such as 2MB/,
    );
    const w = resourceWrites(l, dirs, {
      hugepageLimits: [{ pageSize: '2MB', limit: 4194304 }],
      blockIO: { weight: 300, throttleReadBpsDevice: [{ major: 7, minor: 0, rate: 1048576 }] },
    });
    expect(w).toEqual([
      { file: '/sys/fs/cgroup/t/c/io.bfq.weight', value: '300', orElse: '/sys/fs/cgroup/t/c/io.weight' },
      { file: '/sys/fs/cgroup/t/c/io.max', value: '7:0 rbps=1048576' },
      { file: '/sys/fs/cgroup/t/c/hugetlb.2MB.max', value: '4194304' },
      { file: '/sys/fs/cgroup/t/c/hugetlb.2MB.rsvd.max', value: '4194304', optional: true },
    ]);
    // at write time: the alternative file when the first is missing, an optional file skipped when missing
    const d = join(tmp, 'cgv2-writes');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'io.weight'), '');
    applyWrites([
      { file: join(d, 'io.bfq.weight'), value: '300', orElse: join(d, 'io.weight') },
      { file: join(d, 'hugetlb.2MB.rsvd.max'), value: '1', optional: true },
    ]);
    expect(readFileSync(join(d, 'io.weight'), 'utf8')).toBe('300');
    expect(existsSync(join(d, 'io.bfq.weight'))).toBe(false);
    expect(existsSync(join(d, 'hugetlb.2MB.rsvd.max'))).toBe(false);
  });
  it('writes network classID and priorities into the v1 net_cls and net_prio hierarchies', () => {
    const l = parseLayout(
      [
        '30 1 0:30 / /cg/net_cls,net_prio rw - cgroup cgroup rw,net_cls,net_prio',
        '31 1 0:31 / /cg/memory rw - cgroup cgroup rw,memory',
      ].join('\n'),
      '2:net_cls,net_prio:/\n1:memory:/',
    );
    expect(
      resourceWrites(l, resolveCgroupDirs(l, '/n', 'x'), {
        network: {
          classID: 0x100001,
          priorities: [
            { name: 'lo', priority: 5 },
            { name: 'eth0', priority: 1 },
          ],
        },
      }),
    ).toEqual([
      { file: '/cg/net_cls,net_prio/n/net_cls.classid', value: '1048577' },
      { file: '/cg/net_cls,net_prio/n/net_prio.ifpriomap', value: 'lo 5' },
      { file: '/cg/net_cls,net_prio/n/net_prio.ifpriomap', value: 'eth0 1' },
    ]);
  });
  it('maps resources to v2 files on a unified host', () => {
    const l = parseLayout('41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw', '0::/user.slice');
    expect(l.mode).toBe('v2');
    const dirs = resolveCgroupDirs(l, '/t/c', 'x');
    const w = resourceWrites(l, dirs, {
      memory: { limit: 100, swap: 300 },
      pids: { limit: -1 },
      cpu: { shares: 1024, quota: -1, period: 100000 },
    });
    const m = Object.fromEntries(w.map((x) => [x.file.replace('/sys/fs/cgroup/t/c/', ''), x.value]));
    expect(m).toEqual({
      'memory.max': '100',
      'memory.swap.max': '200',
      'pids.max': 'max',
      'cpu.weight': '39',
      'cpu.max': 'max 100000',
    });
  });
  it('writes v1 device rules (defaults allowed after the config) unless the eBPF filter is used', () => {
    const l = fakeLayout('/cg');
    l.hierarchies.push({
      version: 1,
      mountpoint: '/cg/devices',
      mountRoot: '/',
      controllers: ['devices'],
      own: '/',
    });
    const dirs = resolveCgroupDirs(l, '/a', 'x');
    const r = { devices: [{ allow: false, access: 'rwm' }] };
    const v1 = resourceWrites(l, dirs, r, [{ allow: true, type: 'c', major: 10, minor: 200, access: 'rwm' }]);
    expect(v1[0]).toEqual({ file: '/cg/devices/a/devices.deny', value: 'a' });
    expect(v1).toContainEqual({ file: '/cg/devices/a/devices.allow', value: 'c 1:3 rwm' });
    expect(v1.at(-1)).toEqual({ file: '/cg/devices/a/devices.allow', value: 'c 10:200 rwm' });
    expect(resourceWrites(l, dirs, r, [], 'bpf')).toEqual([]);
  });
  it('refuses resources it cannot apply', () => {
    const l = fakeLayout('/cg');
    expect(() =>
      resourceWrites(l, resolveCgroupDirs(l, '/a', 'x'), { blockIO: { weight: 10, leafWeight: 10 } }),
    ).toThrow(/blockIO/);
    expect(() =>
      resourceWrites(l, resolveCgroupDirs(l, '/a', 'x'), { hugepageLimits: [{ pageSize: '2MB', limit: 1 }] }),
    ).toThrow(/hugepageLimits: no cgroup hierarchy for it/); // no hugetlb hierarchy in this layout
    expect(() => resourceWrites(l, resolveCgroupDirs(l, '/a', 'x'), { network: { classID: 1 } })).toThrow(
      /network.classID: no cgroup hierarchy for it/,
    );
    expect(() => resourceWrites(l, resolveCgroupDirs(l, '/a', 'x'), { rdma: { mlx4_0: {} } })).toThrow(
      /rdma is not supported/,
    );
    expect(() =>
      resourceWrites(l, resolveCgroupDirs(l, '/a', 'x'), { unified: { 'memory.max': '1' } }),
    ).toThrow(/unified/);
  });
});

describe('buildPlan', () => {
  it('resolves rootfs and bind sources against the bundle and keeps config order', () => {
    const c = base();
    c.mounts = [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/data', type: 'bind', source: 'rootfs', options: ['rbind', 'ro'] },
    ];
    c.process!.env = ['A=1'];
    c.process!.capabilities = { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] };
    const b = bundleWith(c);
    const l = fakeLayout('/cg');
    const plan = buildPlan(c, {
      bundle: b,
      stateDir: '/s',
      cgroups: resolveCgroupDirs(l, '/a', 'x'),
      layout: l,
      lastCap: 40,
    });
    const by = (k: string) => plan.filter((p) => p[0] === k);
    expect(by('rootfs')).toEqual([['rootfs', join(b, 'rootfs')]]);
    expect(by('mount').map((m) => m[1])).toEqual(['/proc', '/data']);
    expect(by('mount')[1]!.slice(2, 5)).toEqual([
      'bind',
      join(b, 'rootfs'),
      String(MS_BIND | MS_REC | MS_RDONLY),
    ]);
    expect(by('capbounding')).toEqual([['capbounding', '0x20']]);
    expect(by('cgroupjoin')[0]).toEqual(['cgroupjoin', '/cg/memory/a/cgroup.procs']);
    expect(by('device').map((d) => d[1])).toContain('/dev/null');
    expect(by('newmountns')).toHaveLength(1);
  });
  it('writes id maps for a new user namespace and expands a cgroup mount into binds of the container dirs', () => {
    const c: any = base();
    c.linux.namespaces.push({ type: 'user' }, { type: 'network', path: '/proc/1/ns/net' });
    c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    c.linux.gidMappings = [{ containerID: 0, hostID: 200000, size: 10 }];
    c.mounts = [{ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro'] }];
    const b = bundleWith(c);
    const l = fakeLayout('/cg');
    const plan = buildPlan(c, {
      bundle: b,
      stateDir: '/s',
      cgroups: resolveCgroupDirs(l, '/a/b', 'x'),
      layout: l,
      lastCap: 40,
    });
    const by = (k: string) => plan.filter((p) => p[0] === k);
    expect(by('userns')).toHaveLength(1);
    expect(by('uidmap')).toEqual([['uidmap', '0', '100000', '65536']]);
    expect(by('gidmap')).toEqual([['gidmap', '0', '200000', '10']]);
    expect(by('ns')).toContainEqual(['ns', 'network', '/proc/1/ns/net']);
    const mounts = by('mount').map((m) => [m[1], m[2], m[3]]);
    expect(mounts).toEqual([
      ['/sys/fs/cgroup', 'tmpfs', 'tmpfs'],
      ['/sys/fs/cgroup/memory', '', '/cg/memory/a/b'],
      ['/sys/fs/cgroup/pids', '', '/cg/pids/a/b'],
      ['/sys/fs/cgroup/cpu,cpuacct', '', '/cg/cpu,cpuacct/a/b'],
      ['/sys/fs/cgroup/unified', '', '/cg/unified/a/b'],
    ]);
    expect(by('symlink')).toContainEqual(['symlink', 'cpu,cpuacct', '/sys/fs/cgroup/cpu']);
    expect(by('remount')).toHaveLength(1);
  });
  it('warns about (and leaves out) unknown capabilities since 1.1.0, refuses them for a 1.0 config', () => {
    const c: any = base();
    c.process.capabilities = { bounding: ['CAP_KILL', 'CAP_BOGUS'], effective: ['CAP_KILL'] };
    const b = bundleWith(c);
    const warnings: string[] = [];
    const ctx = {
      bundle: b,
      stateDir: '/s',
      cgroups: [],
      layout: { mode: 'none' as const, hierarchies: [] },
      lastCap: 40,
      warn: (m: string) => warnings.push(m),
    };
    const plan = buildPlan(c, ctx);
    expect(plan.find((p) => p[0] === 'capbounding')).toEqual(['capbounding', '0x20']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/CAP_BOGUS/);
    c.ociVersion = '1.0.2';
    expect(() => buildPlan(c, ctx)).toThrow(/CAP_BOGUS/);
  });
  it('resolves a relative mount destination against the container root (spec 1.2.0)', () => {
    const c: any = base();
    c.mounts = [{ destination: 'data/x', type: 'tmpfs', source: 'tmpfs' }];
    const b = bundleWith(c);
    expect(() => checkConfig(c, b)).not.toThrow();
    const plan = buildPlan(c, {
      bundle: b,
      stateDir: '/s',
      cgroups: [],
      layout: { mode: 'none' as const, hierarchies: [] },
      lastCap: 40,
    });
    expect(plan.find((p) => p[0] === 'mount')?.[1]).toBe('/data/x');
  });
  it('refuses an rlimit it does not know and soft above hard', () => {
    const c = base();
    const b = bundleWith(c);
    const ctx = {
      bundle: b,
      stateDir: '/s',
      cgroups: [],
      layout: { mode: 'none' as const, hierarchies: [] },
      lastCap: 40,
    };
    c.process!.rlimits = [{ type: 'RLIMIT_BOGUS', soft: 1, hard: 1 }];
    expect(() => buildPlan(c, ctx)).toThrow(/RLIMIT_BOGUS/);
    c.process!.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 2, hard: 1 }];
    expect(() => buildPlan(c, ctx)).toThrow(/soft/);
  });
});

describe('state', () => {
  const rec: ContainerRecord = {
    id: 'x',
    pid: process.pid,
    pidStartTime: '',
    bundle: '/b',
    created: '',
    started: false,
    hasProcess: true,
    cgroupDirs: [],
    cgroupParents: [],
    poststart: [],
    poststop: [],
  };
  it('is stopped when the pid is not the one recorded (start time differs)', () => {
    expect(statusOf({ ...rec, pidStartTime: 'not-a-start-time' })).toBe('stopped');
  });
  it('is created or running for a live pid and omits pid when stopped', () => {
    const st = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const start = st.slice(st.lastIndexOf(')') + 2).split(' ')[19]!;
    expect(statusOf({ ...rec, pidStartTime: start })).toBe('created');
    expect(statusOf({ ...rec, pidStartTime: start, started: true })).toBe('running');
    expect(ociState(rec, 'stopped')).toEqual({
      ociVersion: '1.3.0',
      id: 'x',
      status: 'stopped',
      bundle: '/b',
    });
    expect(ociState(rec, 'created').pid).toBe(process.pid);
  });
});

describe('documents match the runtime-spec schemas', () => {
  it('features and state validate against the 1.3.0 schemas', async () => {
    const { validateDocument } = await import('../schemas/index.js');
    const { features } = await import('./features.js');
    expect(validateDocument('features', '1.3.0', features('0.0.0'))).toEqual([]);
    const rec: ContainerRecord = {
      id: 'x',
      pid: 42,
      pidStartTime: '',
      bundle: '/b',
      created: '',
      annotations: { a: 'b' },
      started: false,
      hasProcess: true,
      cgroupDirs: [],
      cgroupParents: [],
      poststart: [],
      poststop: [],
    };
    for (const s of ['creating', 'created', 'running', 'stopped'] as const)
      expect(validateDocument('state', '1.3.0', ociState(rec, s))).toEqual([]);
  });
});

describe('features document', () => {
  it('has every property the features schema of its ociVersionMax defines, and validates for 1.1.0 onward', async () => {
    const { features } = await import('./features.js');
    const { schemaFor, validateDocument } = await import('../schemas/index.js');
    const doc = features('0.0.0') as Record<string, unknown>;
    expect(doc.ociVersionMax).toBe('1.3.0');
    // completeness: every schema property, recursively (the annotations map excepted)
    const missing: string[] = [];
    const walk = (schema: Record<string, unknown>, value: unknown, at: string) => {
      const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
      if (!props) return;
      for (const [k, sub] of Object.entries(props)) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) missing.push(`${at}/${k}`);
        else if (k !== 'annotations') walk(sub, v, `${at}/${k}`);
      }
    };
    walk(schemaFor('features', '1.3.0') as Record<string, unknown>, doc, '');
    expect(missing).toEqual([]);
    expect(validateDocument('features', '1.3.0', doc)).toEqual([]);
    // an older consumer reads the same document with the properties its version does not define ignored
    for (const v of ['1.1.0', '1.2.0', '1.2.1'])
      expect(validateDocument('features', v, doc, { ignoreUnknownProperties: true }), v).toEqual([]);
  });

  it('offers no exec, pause or resume (not spec operations)', async () => {
    const { main } = await import('./cli.js');
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stderr.write;
    try {
      for (const cmd of ['exec', 'pause', 'resume'])
        expect(await main(['--root', '/nonexistent', cmd, 'x']), cmd).toBe(1);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toMatch(/unknown command \\"exec\\"/);
  });
});
