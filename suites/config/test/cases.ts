// One passing and one failing fixture per document rule (bundle and host rules: see bundle-host.test.ts).
// Each case patches a clean document; the test asserts rule ids and pointers, never message text.
import type { DocumentKind } from '../../../harness/config/rule.js';
import { baseConfig } from './base.js';

export interface RuleCase {
  rule: string;
  kind?: DocumentKind;
  version?: string;
  /** Patch of a clean document that the rule accepts. */
  pass: (c: any) => void;
  /** Patch that makes the rule report. */
  fail: (c: any) => void;
  /** Pointer the (first) finding must point at. */
  pointer?: string;
  /** Expected level of the finding. */
  level?: string;
  /** Raw JSON text of the failing document, for 64-bit cases (overrides `fail`). */
  failText?: string;
}

const state = (): any => ({ ociVersion: '1.3.0', id: 'c1', status: 'running', pid: 42, bundle: '/b' });
const features = (): any => ({ ociVersionMin: '1.0.0', ociVersionMax: '1.3.0', mountOptions: ['ro', 'rw'] });

export function baseFor(kind: DocumentKind): any {
  return kind === 'state' ? state() : kind === 'features' ? features() : baseConfig();
}

const noop = (): void => {};

/** Turn the clean Linux config into a Windows one. */
const windows = (c: any): void => {
  delete c.linux;
  delete c.hostname;
  c.process = { cwd: 'C:\\', args: ['cmd'] };
  c.root = { path: '\\\\?\\Volume{2eca078d-5cbc-43d3-aff8-7e8511f60d0e}\\' };
  c.mounts = [];
  c.windows = { layerFolders: ['C:\\layers\\1'] };
};

export const cases: RuleCase[] = [
  {
    rule: 'config.integers.exact-range',
    pass: (c) => (c.linux.resources.memory = { limit: 1 << 30 }),
    fail: noop,
    failText: JSON.stringify({ ...baseConfig(), ociVersion: '1.3.0' }).replace(
      '"rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}]',
      '"rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551616,"soft":1024}]',
    ),
    pointer: '/process/rlimits/0/hard',
    level: 'must',
  },
  {
    // 1e9 is integral (the schema accepts it) but runc cannot decode it into an int64;
    // an extension property may hold any number
    rule: 'config.integers.literal-form',
    pass: (c) => (c.linux.resources.memory = { limit: 1 << 30 }),
    fail: noop,
    failText: JSON.stringify({ ...baseConfig(), ociVersion: '1.3.0', 'com.example.ratio': 1 }).replace(
      '"com.example.ratio":1',
      '"com.example.ratio":0.5,"linux":{"resources":{"memory":{"limit":1e9}}}',
    ),
    pointer: '/linux/resources/memory/limit',
    level: 'must',
  },
  {
    rule: 'config.root.path-conventional',
    pass: (c) => (c.root.path = '/var/lib/b/rootfs'),
    fail: (c) => (c.root.path = 'fs'),
    pointer: '/root/path',
    level: 'should',
  },
  {
    rule: 'config.mounts.destination-absolute',
    version: '1.0.2',
    pass: noop,
    fail: (c) => (c.mounts[0].destination = 'proc'),
    pointer: '/mounts/0/destination',
    level: 'must',
  },
  {
    rule: 'config.mounts.destination-absolute',
    version: '1.3.0',
    pass: noop,
    fail: (c) => (c.mounts[0].destination = 'proc'),
    pointer: '/mounts/0/destination',
    level: 'should',
  },
  {
    rule: 'config.mounts.options-known',
    pass: (c) => c.mounts[1].options.push('noatime', 'uid=5'),
    fail: (c) => c.mounts[1].options.push('nosiud'),
    pointer: '/mounts/1/options/4',
    level: 'hazard',
  },
  {
    rule: 'config.mounts.mappings-want-idmap',
    pass: (c) =>
      c.mounts.push({
        destination: '/data',
        type: 'bind',
        source: '/srv',
        options: ['rbind', 'idmap'],
        uidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
        gidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
      }),
    fail: (c) =>
      c.mounts.push({
        destination: '/data',
        type: 'bind',
        source: '/srv',
        options: ['rbind'],
        uidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
        gidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
      }),
    pointer: '/mounts/3/uidMappings',
    level: 'should',
  },
  {
    rule: 'config.mounts.idmap-needs-mapping',
    pass: (c) => {
      c.mounts.push({ destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'idmap'] });
      c.linux.namespaces.push({ type: 'user' });
    },
    fail: (c) =>
      c.mounts.push({ destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'ridmap'] }),
    pointer: '/mounts/3/options/1',
    level: 'must',
  },
  {
    rule: 'config.process.env-format',
    pass: (c) => c.process.env.push('EMPTY='),
    fail: (c) => c.process.env.push('FOO'),
    pointer: '/process/env/2',
    level: 'hazard',
  },
  {
    rule: 'config.process.rlimits-duplicate',
    pass: (c) => c.process.rlimits.push({ type: 'RLIMIT_CORE', hard: 0, soft: 0 }),
    fail: (c) => c.process.rlimits.push({ type: 'RLIMIT_NOFILE', hard: 10, soft: 10 }),
    pointer: '/process/rlimits/1/type',
    level: 'must',
  },
  {
    rule: 'config.process.rlimits-type-known',
    pass: (c) => c.process.rlimits.push({ type: 'RLIMIT_MSGQUEUE', hard: 0, soft: 0 }),
    fail: (c) => c.process.rlimits.push({ type: 'RLIMIT_TEST', hard: 0, soft: 0 }),
    pointer: '/process/rlimits/1/type',
    level: 'must',
  },
  {
    rule: 'config.process.rlimits-soft-le-hard',
    pass: (c) => (c.process.rlimits[0].soft = 1000),
    fail: (c) => (c.process.rlimits[0].soft = 4096),
    pointer: '/process/rlimits/0/soft',
    level: 'must',
  },
  {
    rule: 'config.process.capabilities-known',
    version: '1.3.0',
    pass: (c) => c.process.capabilities.bounding.push('CAP_CHECKPOINT_RESTORE'),
    fail: (c) => c.process.capabilities.bounding.push('CAP_SYS_ADMN'),
    pointer: '/process/capabilities/bounding/3',
    level: 'hazard',
  },
  {
    rule: 'config.process.capabilities-known',
    version: '1.0.2',
    pass: noop,
    fail: (c) => c.process.capabilities.bounding.push('sys_admin'),
    pointer: '/process/capabilities/bounding/3',
    level: 'must',
  },
  {
    rule: 'config.process.capabilities-duplicate',
    pass: noop,
    fail: (c) => c.process.capabilities.bounding.push('CAP_KILL'),
    pointer: '/process/capabilities/bounding/3',
    level: 'info',
  },
  {
    rule: 'config.process.capabilities-relations',
    pass: (c) => {
      c.process.capabilities.inheritable = ['CAP_KILL'];
      c.process.capabilities.ambient = ['CAP_KILL'];
    },
    fail: (c) => (c.process.capabilities.ambient = ['CAP_KILL']),
    pointer: '/process/capabilities/ambient/0',
    level: 'hazard',
  },
  {
    rule: 'config.process.oom-score-adj-range',
    pass: (c) => (c.process.oomScoreAdj = -1000),
    fail: (c) => (c.process.oomScoreAdj = 1001),
    pointer: '/process/oomScoreAdj',
    level: 'hazard',
  },
  {
    rule: 'config.process.umask-range',
    pass: (c) => (c.process.user.umask = 18),
    fail: (c) => (c.process.user.umask = 755),
    pointer: '/process/user/umask',
    level: 'hazard',
  },
  {
    rule: 'config.process.scheduler-params',
    pass: (c) => (c.process.scheduler = { policy: 'SCHED_FIFO', priority: 10 }),
    fail: (c) => (c.process.scheduler = { policy: 'SCHED_OTHER', priority: 10 }),
    pointer: '/process/scheduler/priority',
    level: 'hazard',
  },
  {
    rule: 'config.process.scheduler-params',
    pass: (c) =>
      (c.process.scheduler = { policy: 'SCHED_DEADLINE', runtime: 10000, deadline: 20000, period: 30000 }),
    fail: (c) => (c.process.scheduler = { policy: 'SCHED_DEADLINE', runtime: 30000, deadline: 20000 }),
    pointer: '/process/scheduler',
  },
  {
    rule: 'config.process.exec-cpu-affinity-syntax',
    pass: (c) => (c.process.execCPUAffinity = { initial: '0-3,7', final: '1' }),
    fail: (c) => (c.process.execCPUAffinity = { initial: '3-1' }),
    pointer: '/process/execCPUAffinity/initial',
    level: 'hazard',
  },
  {
    rule: 'config.hostname-needs-uts',
    pass: (c) => (c.domainname = 'example.org'),
    fail: (c) => (c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'uts')),
    pointer: '/hostname',
    level: 'hazard',
  },
  {
    rule: 'config.hooks.prestart-deprecated',
    pass: (c) => (c.hooks = { createRuntime: [{ path: '/bin/true' }] }),
    fail: (c) => (c.hooks = { prestart: [{ path: '/bin/true' }] }),
    pointer: '/hooks/prestart',
    level: 'info',
  },
  {
    rule: 'config.annotations.reserved-namespace',
    pass: (c) =>
      (c.annotations = {
        'org.opencontainers.image.os': 'linux',
        'org.opencontainers.image.exposedPorts': '80/tcp',
        'com.example.a': 'b',
        // not the org.opencontainers namespace: components are whole
        'org.opencontainersx.note': 'c',
      }),
    fail: (c) => (c.annotations = { 'org.opencontainers.runtime.mine': 'x' }),
    pointer: '/annotations/org.opencontainers.runtime.mine',
    level: 'must',
  },
  {
    rule: 'config.annotations.reserved-namespace',
    kind: 'state',
    pass: (s) => (s.annotations = { 'io.example.k': 'v' }),
    fail: (s) => (s.annotations = { 'org.opencontainers.foo': 'v' }),
    pointer: '/annotations/org.opencontainers.foo',
  },
  {
    rule: 'config.annotations.key-reverse-domain',
    pass: (c) => (c.annotations = { 'io.kubernetes.cri.container-type': 'container' }),
    fail: (c) => (c.annotations = { key1: 'v' }),
    pointer: '/annotations/key1',
    level: 'should',
  },
  {
    rule: 'config.annotations.oci-image-values',
    pass: (c) =>
      (c.annotations = {
        'org.opencontainers.image.created': '2024-01-02T03:04:05Z',
        'org.opencontainers.image.stopSignal': 'SIGRTMIN+3',
        'org.opencontainers.image.author': '',
      }),
    fail: (c) => (c.annotations = { 'org.opencontainers.image.created': 'yesterday' }),
    pointer: '/annotations/org.opencontainers.image.created',
    level: 'must',
  },
  {
    rule: 'config.linux.namespaces-duplicate',
    pass: (c) => c.linux.namespaces.push({ type: 'cgroup' }),
    fail: (c) => c.linux.namespaces.push({ type: 'pid', path: '/proc/1/ns/pid' }),
    pointer: '/linux/namespaces/5/type',
    level: 'must',
  },
  {
    rule: 'config.linux.mappings-need-userns',
    pass: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [{ containerID: 0, hostID: 1000, size: 65536 }];
    },
    fail: (c) => (c.linux.uidMappings = [{ containerID: 0, hostID: 1000, size: 65536 }]),
    pointer: '/linux/uidMappings',
    level: 'hazard',
  },
  {
    rule: 'config.linux.time-offsets-need-timens',
    pass: (c) => {
      c.linux.namespaces.push({ type: 'time' });
      c.linux.timeOffsets = { monotonic: { secs: 10, nanosecs: 0 } };
    },
    fail: (c) => (c.linux.timeOffsets = { monotonic: { secs: 10, nanosecs: 0 } }),
    pointer: '/linux/timeOffsets',
    level: 'hazard',
  },
  {
    rule: 'config.linux.sysctl-namespaces',
    pass: (c) =>
      (c.linux.sysctl = { 'net.ipv4.ip_forward': '1', 'kernel.shmmax': '1', 'fs.mqueue.msg_max': '10' }),
    fail: (c) => {
      c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'network');
      c.linux.sysctl = { 'net.ipv4.ip_forward': '1' };
    },
    pointer: '/linux/sysctl/net.ipv4.ip_forward',
    level: 'hazard',
  },
  {
    rule: 'config.linux.sysctl-namespaces',
    pass: noop,
    fail: (c) => (c.linux.sysctl = { 'vm.swappiness': '10' }),
    pointer: '/linux/sysctl/vm.swappiness',
  },
  {
    rule: 'config.linux.mappings-valid',
    pass: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [
        { containerID: 0, hostID: 1000, size: 1 },
        { containerID: 1, hostID: 100000, size: 65536 },
      ];
    },
    fail: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [
        { containerID: 0, hostID: 1000, size: 10 },
        { containerID: 5, hostID: 100000, size: 65536 },
      ];
    },
    pointer: '/linux/uidMappings/1/containerID',
    level: 'hazard',
  },
  {
    rule: 'config.linux.devices-duplicate-path',
    pass: (c) => (c.linux.devices = [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]),
    fail: (c) =>
      (c.linux.devices = [
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229 },
        { path: '/dev//fuse', type: 'c', major: 10, minor: 230 },
      ]),
    pointer: '/linux/devices/1/path',
    level: 'must',
  },
  {
    rule: 'config.linux.devices-duplicate-path',
    pass: (c) => (c.linux.devices = [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]),
    fail: (c) =>
      (c.linux.devices = [
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229 },
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229 },
      ]),
    pointer: '/linux/devices/1/path',
    level: 'hazard',
  },
  {
    rule: 'config.linux.devices-duplicate-number',
    pass: (c) =>
      (c.linux.devices = [
        { path: '/dev/sda', type: 'b', major: 8, minor: 0 },
        { path: '/dev/x', type: 'c', major: 8, minor: 0 },
      ]),
    fail: (c) =>
      (c.linux.devices = [
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229 },
        { path: '/dev/fuse2', type: 'u', major: 10, minor: 229 },
      ]),
    pointer: '/linux/devices/1',
    level: 'should',
  },
  {
    rule: 'config.linux.devices-path-absolute',
    pass: (c) => (c.linux.devices = [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]),
    fail: (c) => (c.linux.devices = [{ path: 'dev/fuse', type: 'c', major: 10, minor: 229 }]),
    pointer: '/linux/devices/0/path',
    level: 'hazard',
  },
  {
    rule: 'config.linux.intel-rdt-l3-cache-schema',
    pass: (c) => (c.linux.intelRdt = { l3CacheSchema: 'L3:0=ffff0;1=3ff' }),
    fail: (c) => (c.linux.intelRdt = { l3CacheSchema: '0=ffff0' }),
    pointer: '/linux/intelRdt/l3CacheSchema',
    level: 'should',
  },
  {
    rule: 'config.linux.memory-policy-nodes',
    pass: (c) => (c.linux.memoryPolicy = { mode: 'MPOL_BIND', nodes: '0-1' }),
    fail: (c) => (c.linux.memoryPolicy = { mode: 'MPOL_BIND' }),
    pointer: '/linux/memoryPolicy',
    level: 'must',
  },
  {
    rule: 'config.linux.memory-policy-nodes',
    pass: (c) => (c.linux.memoryPolicy = { mode: 'MPOL_LOCAL' }),
    fail: (c) => (c.linux.memoryPolicy = { mode: 'MPOL_DEFAULT', nodes: '0' }),
    pointer: '/linux/memoryPolicy/nodes',
  },
  {
    rule: 'config.linux.net-devices-names',
    pass: (c) => (c.linux.netDevices = { eth1: { name: 'eth0' }, eth2: {} }),
    fail: (c) => (c.linux.netDevices = { eth1: { name: 'eth0' }, eth0: {} }),
    pointer: '/linux/netDevices/eth0',
    level: 'must',
  },
  {
    rule: 'config.linux.net-devices-need-netns',
    pass: (c) => (c.linux.netDevices = { eth1: {} }),
    fail: (c) => {
      c.linux.netDevices = { eth1: {} };
      c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'network');
    },
    pointer: '/linux/netDevices',
    level: 'hazard',
  },
  {
    rule: 'config.linux.personality-flags',
    pass: (c) => (c.linux.personality = { domain: 'LINUX32', flags: [] }),
    fail: (c) => (c.linux.personality = { domain: 'LINUX', flags: ['ADDR_NO_RANDOMIZE'] }),
    pointer: '/linux/personality/flags',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.blockio-weight-range',
    pass: (c) =>
      (c.linux.resources.blockIO = { weight: 500, weightDevice: [{ major: 8, minor: 0, weight: 10 }] }),
    fail: (c) => (c.linux.resources.blockIO = { weightDevice: [{ major: 8, minor: 0, weight: 5 }] }),
    pointer: '/linux/resources/blockIO/weightDevice/0/weight',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.cpu-bandwidth',
    pass: (c) =>
      (c.linux.resources.cpu = { quota: 50000, period: 100000, realtimeRuntime: 950, realtimePeriod: 1000 }),
    fail: (c) => (c.linux.resources.cpu = { period: 10 }),
    pointer: '/linux/resources/cpu/period',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.cpu-quota-burst',
    pass: (c) => (c.linux.resources.cpu = { quota: 50000, burst: 50000, period: 100000 }),
    fail: (c) => (c.linux.resources.cpu = { quota: 50000, burst: 60000, period: 100000 }),
    pointer: '/linux/resources/cpu/burst',
    level: 'must',
  },
  {
    rule: 'config.linux.resources.cpuset-syntax',
    pass: (c) => (c.linux.resources.cpu = { cpus: '0-3,7', mems: '0' }),
    fail: (c) => (c.linux.resources.cpu = { cpus: '0-3;7' }),
    pointer: '/linux/resources/cpu/cpus',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.hugepage-duplicate',
    pass: (c) =>
      (c.linux.resources.hugepageLimits = [
        { pageSize: '2MB', limit: 1 },
        { pageSize: '1GB', limit: 1 },
      ]),
    fail: (c) =>
      (c.linux.resources.hugepageLimits = [
        { pageSize: '2MB', limit: 1 },
        { pageSize: '2MB', limit: 2 },
      ]),
    pointer: '/linux/resources/hugepageLimits/1/pageSize',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.memory-kernel',
    pass: (c) => (c.linux.resources.memory = { limit: 1 << 20 }),
    fail: (c) => (c.linux.resources.memory = { kernel: 1 << 20 }),
    pointer: '/linux/resources/memory/kernel',
    level: 'should',
  },
  {
    rule: 'config.linux.resources.memory-limits',
    pass: (c) => (c.linux.resources.memory = { limit: 1 << 20, reservation: 1 << 19, swap: -1 }),
    fail: (c) => (c.linux.resources.memory = { limit: 1 << 20, swap: 1 << 19 }),
    pointer: '/linux/resources/memory/swap',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.pids-limit',
    pass: (c) => (c.linux.resources.pids = { limit: 0 }),
    fail: (c) => (c.linux.resources.pids = { limit: -5 }),
    pointer: '/linux/resources/pids/limit',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.unified-keys',
    pass: (c) => (c.linux.resources.unified = { 'memory.high': '1G', 'io.weight': '100' }),
    fail: (c) => (c.linux.resources.unified = { '../escape': '1' }),
    pointer: '/linux/resources/unified/..~1escape',
    level: 'hazard',
  },
  {
    rule: 'config.linux.resources.unified-keys',
    pass: (c) => {
      c.linux.resources.memory = { limit: 1 << 20 };
      c.linux.resources.unified = { 'memory.oom.group': '1', 'memory.high': '900K' };
    },
    fail: (c) => {
      c.linux.resources.memory = { limit: 1 << 20 };
      c.linux.resources.unified = { 'memory.max': '2M' };
    },
    pointer: '/linux/resources/unified/memory.max',
  },
  {
    rule: 'config.linux.seccomp.errno-ret-action',
    pass: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ERRNO',
        defaultErrnoRet: 1,
        syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }],
      }),
    fail: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mount'], action: 'SCMP_ACT_KILL', errnoRet: 38 }],
      }),
    pointer: '/linux/seccomp/syscalls/0/errnoRet',
    level: 'must',
  },
  {
    rule: 'config.linux.seccomp.listener',
    pass: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        listenerPath: '/run/seccomp.sock',
        syscalls: [{ names: ['mount'], action: 'SCMP_ACT_NOTIFY' }],
      }),
    fail: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mount'], action: 'SCMP_ACT_NOTIFY' }],
      }),
    pointer: '/linux/seccomp/syscalls/0/action',
    level: 'hazard',
  },
  {
    rule: 'config.linux.seccomp.names-nonempty',
    pass: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ERRNO' }],
      }),
    fail: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mount', ''], action: 'SCMP_ACT_ERRNO' }],
      }),
    pointer: '/linux/seccomp/syscalls/0/names/1',
    level: 'must',
  },
  {
    rule: 'state.pid-positive',
    kind: 'state',
    pass: (s) => (s.pid = 1),
    fail: (s) => (s.pid = 0),
    pointer: '/pid',
    level: 'hazard',
  },
  {
    rule: 'features.version-range',
    kind: 'features',
    pass: (f) => (f.ociVersionMax = '1.0.0'),
    fail: (f) => ((f.ociVersionMin = '1.2.0'), (f.ociVersionMax = '1.1.0')),
    pointer: '/ociVersionMax',
    level: 'must',
  },
  {
    rule: 'features.mount-options-no-fs-specific',
    kind: 'features',
    pass: noop,
    fail: (f) => f.mountOptions.push('size=1G'),
    pointer: '/mountOptions/2',
    level: 'should',
  },

  {
    rule: 'config.windows.root-readonly',
    pass: (c) => (windows(c), (c.root.readonly = false)),
    fail: (c) => (windows(c), (c.root.readonly = true)),
    pointer: '/root/readonly',
    level: 'must',
  },
  {
    rule: 'config.windows.hyperv-no-root',
    pass: (c) => windows(c),
    fail: (c) => (windows(c), (c.windows.hyperv = {})),
    pointer: '/root',
    level: 'must',
  },
  {
    rule: 'config.windows.mount-nesting',
    pass: (c) => (windows(c), c.mounts.push({ destination: 'C:\\foo' }, { destination: 'C:\\foobar' })),
    fail: (c) => (windows(c), c.mounts.push({ destination: 'C:\\foo' }, { destination: 'C:\\Foo\\bar' })),
    pointer: '/mounts/1/destination',
    level: 'must',
  },
  {
    rule: 'config.process.console-size-ignored',
    pass: (c) => ((c.process.terminal = true), (c.process.consoleSize = { height: 24, width: 80 })),
    fail: (c) => (c.process.consoleSize = { height: 24, width: 80 }),
    pointer: '/process/consoleSize',
    level: 'info',
  },
  {
    rule: 'config.hooks.env-format',
    pass: (c) => (c.hooks = { poststop: [{ path: '/bin/true', env: ['A=1'] }] }),
    fail: (c) => (c.hooks = { poststop: [{ path: '/bin/true', env: ['A=1', 'B'] }] }),
    pointer: '/hooks/poststop/0/env/1',
    level: 'hazard',
  },
  {
    rule: 'config.linux.cgroups-path',
    pass: (c) => (c.linux.cgroupsPath = 'system.slice:runc:abc..def'),
    fail: (c) => (c.linux.cgroupsPath = '/mine/../../escape'),
    pointer: '/linux/cgroupsPath',
    level: 'hazard',
  },
  {
    rule: 'config.linux.user-mapped',
    pass: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      c.linux.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      c.process.user = { uid: 1000, gid: 1000, additionalGids: [5] };
    },
    fail: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 1 }];
      c.linux.gidMappings = [{ containerID: 0, hostID: 100000, size: 1 }];
      c.process.user = { uid: 1000, gid: 0 };
    },
    pointer: '/process/user/uid',
    level: 'hazard',
  },

  {
    rule: 'config.process.rlimits-soft-le-hard',
    pass: (c) => (c.process.rlimits[0] = { type: 'RLIMIT_NOFILE', soft: 1024, hard: 1024 }),
    fail: noop,
    // both round to 2^64 as doubles: only the source text tells soft from hard
    failText: JSON.stringify(baseConfig()).replace(
      '"rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}]',
      '"rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551614,"soft":18446744073709551615}]',
    ),
    pointer: '/process/rlimits/0/soft',
    level: 'must',
  },
  {
    rule: 'config.linux.resources.memory-limits',
    pass: noop,
    fail: noop,
    failText: JSON.stringify(baseConfig()).replace(
      '"resources":{',
      '"resources":{"memory":{"limit":9007199254740992,"reservation":9007199254740993},',
    ),
    pointer: '/linux/resources/memory/reservation',
    level: 'hazard',
  },

  {
    rule: 'features.hooks-known',
    kind: 'features',
    pass: (f) => (f.hooks = ['prestart', 'createRuntime', 'poststop']),
    fail: (f) => (f.hooks = ['poststart', 'preStart']),
    pointer: '/hooks/1',
    level: 'must',
  },
  {
    rule: 'features.linux-capabilities-known',
    kind: 'features',
    pass: (f) => (f.linux = { capabilities: ['CAP_CHOWN', 'CAP_BPF'] }),
    fail: (f) => (f.linux = { capabilities: ['CAP_CHOWN', 'chown'] }),
    pointer: '/linux/capabilities/1',
    level: 'hazard',
  },

  {
    rule: 'config.linux.mounts-need-mountns',
    pass: (c) => (c.linux.namespaces[4] = { type: 'mount', path: '/proc/1/ns/mnt' }),
    fail: (c) => (c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'mount')),
    pointer: '/mounts',
    level: 'hazard',
  },
  {
    rule: 'config.linux.userns-needs-mappings',
    pass: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      c.linux.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    },
    fail: (c) => {
      c.linux.namespaces.push({ type: 'user' });
      c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    },
    pointer: '/linux/namespaces/5',
    level: 'hazard',
  },

  {
    // an extension property may hold any number: it is ignored, not range-checked
    rule: 'config.integers.exact-range',
    pass: noop,
    fail: noop,
    failText: JSON.stringify({ ...baseConfig(), 'com.example.big': 1 }).replace(
      '"com.example.big":1',
      '"com.example.big":99999999999999999999999,"linux":{"resources":{"memory":{"limit":9223372036854775808}}}',
    ),
    pointer: '/linux/resources/memory/limit',
    level: 'must',
  },

  {
    rule: 'config.linux.time-offsets-clocks',
    pass: (c) =>
      (c.linux.timeOffsets = { monotonic: { secs: 1, nanosecs: 999999999 }, boottime: { secs: -5 } }),
    fail: (c) => (c.linux.timeOffsets = { realtime: { secs: 1 } }),
    pointer: '/linux/timeOffsets/realtime',
    level: 'hazard',
  },
  {
    rule: 'config.linux.seccomp.arg-index',
    pass: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [
          {
            names: ['personality'],
            action: 'SCMP_ACT_ERRNO',
            args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }],
          },
        ],
      }),
    fail: (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [
          {
            names: ['personality'],
            action: 'SCMP_ACT_ERRNO',
            args: [{ index: 6, value: 8, op: 'SCMP_CMP_EQ' }],
          },
        ],
      }),
    pointer: '/linux/seccomp/syscalls/0/args/0/index',
    level: 'hazard',
  },

  {
    rule: 'config.mounts.bind-needs-option',
    pass: (c) =>
      c.mounts.push({ destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'ro'] }),
    fail: (c) => c.mounts.push({ destination: '/data', type: 'bind', source: '/srv', options: ['ro'] }),
    pointer: '/mounts/3/type',
    level: 'hazard',
  },
  {
    rule: 'config.linux.devices-file-mode',
    pass: (c) => (c.linux.devices = [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 438 }]),
    fail: (c) =>
      (c.linux.devices = [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 8630 }]),
    pointer: '/linux/devices/0/fileMode',
    level: 'hazard',
  },
];
