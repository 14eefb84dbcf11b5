// Fixture tests for the runtime-spec schemas: valid documents give no errors; hand-made invalid
// ones give the expected keyword, pointer and requirement ids.
import { describe, expect, it } from 'vitest';
import { registry } from '../requirements/index.js';
import { makeAjv, stripAnnotations } from './compile.js';
import { mapErrors, type RawError } from './errors.js';
import {
  documentKinds,
  knownSpecVersions,
  resolveSpecVersion,
  schemaFor,
  validateDocument,
  validatorFor,
  type DocumentKind,
  type SchemaError,
} from './index.js';

/** A config shaped like `runc spec` output (ociVersion set per test). */
function baseConfig(ociVersion = '1.0.2'): any {
  return {
    ociVersion,
    process: {
      terminal: true,
      user: { uid: 0, gid: 0 },
      args: ['sh'],
      env: ['PATH=/usr/bin:/bin', 'TERM=xterm'],
      cwd: '/',
      capabilities: { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'runc',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755'] },
    ],
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      maskedPaths: ['/proc/kcore'],
      readonlyPaths: ['/proc/sys'],
    },
  };
}

/** A config using most of what 1.3.0 defines, plus one unknown top-level property. */
function fullConfig(): any {
  return mutate(baseConfig('1.3.0'), (c) => {
    c.process.consoleSize = { height: 25, width: 80 };
    c.process.user = { uid: 1, gid: 1, umask: 18, additionalGids: [5, 6] };
    c.process.oomScoreAdj = -1000;
    c.process.scheduler = { policy: 'SCHED_FIFO', priority: 10, flags: ['SCHED_FLAG_RESET_ON_FORK'] };
    c.process.ioPriority = { class: 'IOPRIO_CLASS_IDLE', priority: 4 };
    c.process.execCPUAffinity = { initial: '7', final: '0-3,7' };
    c.domainname = 'example.test';
    c.hooks = {
      prestart: [{ path: '/usr/bin/fix-mounts', args: ['fix-mounts', 'a'], env: ['k=v'] }],
      createRuntime: [{ path: '/usr/bin/setup', timeout: 5 }],
      poststop: [{ path: '/usr/sbin/cleanup.sh' }],
    };
    c.annotations = { 'com.example.key': 'value', empty: '' };
    c.mounts.push({
      destination: '/data',
      type: 'none',
      source: '/volumes/testing',
      options: ['rbind', 'idmap'],
      uidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
      gidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
    });
    Object.assign(c.linux, {
      uidMappings: [{ containerID: 0, hostID: 1000, size: 32000 }],
      gidMappings: [{ containerID: 0, hostID: 1000, size: 32000 }],
      timeOffsets: { monotonic: { secs: 172800, nanosecs: 0 } },
      devices: [
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 438, uid: 0, gid: 0 },
        { path: '/dev/fifo', type: 'p' },
      ],
      netDevices: { eth0: { name: 'container_eth0' } },
      cgroupsPath: '/myRuntime/myContainer',
      sysctl: { 'net.ipv4.ip_forward': '1' },
      rootfsPropagation: 'slave',
      mountLabel: 'system_u:object_r:svirt_sandbox_file_t:s0:c715,c811',
      personality: { domain: 'LINUX32' },
      intelRdt: {
        closID: 'guaranteed_group',
        schemata: ['L3:0=7f0;1=1f', 'MB:0=20;1=70'],
        enableMonitoring: true,
      },
      memoryPolicy: { mode: 'MPOL_INTERLEAVE', nodes: '2-3', flags: ['MPOL_F_STATIC_NODES'] },
      seccomp: {
        defaultAction: 'SCMP_ACT_ERRNO',
        defaultErrnoRet: 1,
        architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_RISCV64'],
        flags: ['SECCOMP_FILTER_FLAG_LOG'],
        listenerPath: '/run/seccomp.sock',
        listenerMetadata: 'x',
        syscalls: [
          { names: ['getcwd'], action: 'SCMP_ACT_ALLOW' },
          {
            names: ['personality'],
            action: 'SCMP_ACT_ALLOW',
            args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }],
          },
        ],
      },
    });
    c.linux.namespaces.push(
      { type: 'time' },
      { type: 'user' },
      { type: 'cgroup', path: '/proc/1/ns/cgroup' },
    );
    c.linux.resources = {
      devices: [{ allow: true, type: 'c', major: 10, minor: 229, access: 'rw' }],
      memory: {
        limit: 536870912,
        reservation: -1,
        swap: 536870912,
        swappiness: 0,
        disableOOMKiller: false,
      },
      cpu: {
        shares: 1024,
        quota: 1000000,
        burst: 1000000,
        period: 500000,
        cpus: '2-3',
        mems: '0-7',
        idle: 0,
      },
      blockIO: {
        weight: 10,
        weightDevice: [
          { major: 8, minor: 0, weight: 500, leafWeight: 300 },
          { major: 8, minor: 16, leafWeight: 5 },
        ],
        throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 600 }],
      },
      hugepageLimits: [
        { pageSize: '2MB', limit: 209715200 },
        { pageSize: '64KB', limit: 1000000 },
      ],
      network: { classID: 1048577, priorities: [{ name: 'eth0', priority: 500 }] },
      pids: {},
      rdma: { mlx5_1: { hcaHandles: 3, hcaObjects: 10000 }, rxe3: { hcaObjects: 10000 } },
      unified: { 'io.max': '259:0 rbps=2097152' },
    };
    c.vm = { kernel: { path: '/path/to/vmlinuz', initrd: '/path/to/initrd.img' } };
    c['com.example.unknown'] = { anything: [1, 2] };
  });
}

function mutate(base: any, f: (c: any) => void): any {
  const c = structuredClone(base);
  f(c);
  return c;
}

function find(errors: SchemaError[], keyword: string, pointer: string): SchemaError | undefined {
  return errors.find((e) => e.keyword === keyword && e.pointer === pointer);
}

describe('config schema: valid documents', () => {
  it.each(knownSpecVersions)('accepts a runc-like config for %s', (v) => {
    expect(validateDocument('config', v, baseConfig(v))).toEqual([]);
  });

  it('accepts a full config using many linux fields (1.3.0)', () => {
    const c = fullConfig();
    expect(validateDocument('config', '1.3.0', c)).toEqual([]);
  });

  it('accepts a Windows config without root, args or absolute POSIX cwd', () => {
    const c = {
      ociVersion: '1.3.0',
      process: { cwd: 'c:\\foo', commandLine: 'someapp.exe', user: { username: 'containeradministrator' } },
      windows: { layerFolders: ['C:\\Layers\\layer1'] },
    };
    expect(validateDocument('config', '1.3.0', c)).toEqual([]);
  });
});

type Case = [
  name: string,
  version: string,
  f: (c: any) => void,
  keyword: string,
  pointer: string,
  ids: string[],
];

const cases: Case[] = [
  ['missing ociVersion', '1.0.2', (c) => delete c.ociVersion, 'required', '', ['config.ociVersion.required']],
  [
    'ociVersion not semver',
    '1.0.2',
    (c) => (c.ociVersion = '1.0'),
    'pattern',
    '/ociVersion',
    ['config.ociVersion.semver'],
  ],
  [
    'ociVersion a number',
    '1.0.2',
    (c) => (c.ociVersion = 1),
    'type',
    '/ociVersion',
    ['config.ociVersion.semver'],
  ],
  ['missing root', '1.0.2', (c) => delete c.root, 'required', '', ['config.root.required-non-windows']],
  [
    'missing root.path',
    '1.1.0',
    (c) => delete c.root.path,
    'required',
    '/root',
    ['config.root.path-required'],
  ],
  [
    'readonly a string',
    '1.1.0',
    (c) => (c.root.readonly = 'true'),
    'type',
    '/root/readonly',
    ['config.root.readonly'],
  ],
  [
    'missing process.cwd',
    '1.2.0',
    (c) => delete c.process.cwd,
    'required',
    '/process',
    ['config.process.cwd-required'],
  ],
  [
    'relative cwd',
    '1.2.0',
    (c) => (c.process.cwd = 'tmp'),
    'pattern',
    '/process/cwd',
    ['config.process.cwd-absolute'],
  ],
  [
    'missing args',
    '1.0.2',
    (c) => delete c.process.args,
    'required',
    '/process',
    ['config.process.args-nonempty'],
  ],
  [
    'empty args',
    '1.3.0',
    (c) => (c.process.args = []),
    'minItems',
    '/process/args',
    ['config.process.args-nonempty'],
  ],
  [
    'args a string',
    '1.3.0',
    (c) => (c.process.args = 'sh'),
    'type',
    '/process/args',
    ['config.process.args-execvp'],
  ],
  [
    'uid as string',
    '1.0.2',
    (c) => (c.process.user.uid = '0'),
    'type',
    '/process/user/uid',
    ['config.process.user.uid'],
  ],
  [
    'uid negative',
    '1.0.2',
    (c) => (c.process.user.uid = -1),
    'minimum',
    '/process/user/uid',
    ['config.process.user.uid'],
  ],
  [
    'uid >= 2^32',
    '1.0.2',
    (c) => (c.process.user.uid = 4294967296),
    'maximum',
    '/process/user/uid',
    ['config.process.user.uid'],
  ],
  [
    'uid fractional',
    '1.0.2',
    (c) => (c.process.user.uid = 1.5),
    'type',
    '/process/user/uid',
    ['config.process.user.uid'],
  ],
  [
    'user without gid',
    '1.0.2',
    (c) => delete c.process.user.gid,
    'required',
    '/process/user',
    ['config.process.user.fields-required'],
  ],
  [
    'rlimit without soft',
    '1.0.2',
    (c) => delete c.process.rlimits[0].soft,
    'required',
    '/process/rlimits/0',
    ['config.process.rlimits.fields-required'],
  ],
  [
    'rlimit hard negative',
    '1.0.2',
    (c) => (c.process.rlimits[0].hard = -1),
    'minimum',
    '/process/rlimits/0/hard',
    ['config.process.rlimits.hard'],
  ],
  [
    'capability set a string',
    '1.0.2',
    (c) => (c.process.capabilities.bounding = 'CAP_KILL'),
    'type',
    '/process/capabilities/bounding',
    ['config.process.capabilities.bounding'],
  ],
  [
    'consoleSize without width',
    '1.0.2',
    (c) => (c.process.consoleSize = { height: 1 }),
    'required',
    '/process/consoleSize',
    ['config.process.consoleSize-fields-required'],
  ],
  [
    'bad namespace type',
    '1.0.2',
    (c) => (c.linux.namespaces[0].type = 'bogus'),
    'enum',
    '/linux/namespaces/0/type',
    ['config-linux.namespaces.type-required'],
  ],
  [
    'time namespace in 1.0.2',
    '1.0.2',
    (c) => c.linux.namespaces.push({ type: 'time' }),
    'enum',
    '/linux/namespaces/5/type',
    ['config-linux.namespaces.type-required'],
  ],
  [
    'namespace without type',
    '1.0.2',
    (c) => c.linux.namespaces.push({ path: '/proc/1/ns/net' }),
    'required',
    '/linux/namespaces/5',
    ['config-linux.namespaces.type-required'],
  ],
  [
    'relative namespace path',
    '1.0.2',
    (c) => (c.linux.namespaces[0].path = 'proc/1/ns/pid'),
    'pattern',
    '/linux/namespaces/0/path',
    ['config-linux.namespaces.path-absolute'],
  ],
  [
    'relative maskedPath',
    '1.0.2',
    (c) => (c.linux.maskedPaths = ['proc/kcore']),
    'pattern',
    '/linux/maskedPaths/0',
    ['config-linux.maskedPaths.absolute'],
  ],
  [
    'relative readonlyPath',
    '1.0.2',
    (c) => (c.linux.readonlyPaths = ['x']),
    'pattern',
    '/linux/readonlyPaths/0',
    ['config-linux.readonlyPaths.absolute'],
  ],
  [
    'mount without destination',
    '1.0.2',
    (c) => delete c.mounts[0].destination,
    'required',
    '/mounts/0',
    ['config.mounts.destination-required'],
  ],
  [
    'mount options a string',
    '1.0.2',
    (c) => (c.mounts[0].options = 'ro'),
    'type',
    '/mounts/0/options',
    ['config.mounts.custom-options-may'],
  ],
  [
    'mount uidMappings without gidMappings',
    '1.1.0',
    (c) => (c.mounts[0].uidMappings = [{ containerID: 0, hostID: 1, size: 1 }]),
    'dependencies',
    '/mounts/0',
    ['config.mounts.uidMappings-needs-gidMappings'],
  ],
  [
    'mount gidMappings without uidMappings',
    '1.3.0',
    (c) => (c.mounts[0].gidMappings = [{ containerID: 0, hostID: 1, size: 1 }]),
    'dependencies',
    '/mounts/0',
    ['config.mounts.gidMappings-needs-uidMappings'],
  ],
  [
    'hook with relative path',
    '1.0.2',
    (c) => (c.hooks = { poststart: [{ path: 'notify' }] }),
    'pattern',
    '/hooks/poststart/0/path',
    ['config.hooks.path-absolute'],
  ],
  [
    'hook without path',
    '1.0.2',
    (c) => (c.hooks = { createRuntime: [{ args: ['x'] }] }),
    'required',
    '/hooks/createRuntime/0',
    ['config.hooks.path-absolute'],
  ],
  [
    'hook timeout zero',
    '1.0.2',
    (c) => (c.hooks = { poststop: [{ path: '/x', timeout: 0 }] }),
    'minimum',
    '/hooks/poststop/0/timeout',
    ['config.hooks.timeout-positive'],
  ],
  [
    'annotation value not a string',
    '1.0.2',
    (c) => (c.annotations = { a: 1 }),
    'type',
    '/annotations/a',
    ['config.annotations.values-string'],
  ],
  [
    'empty annotation key',
    '1.0.2',
    (c) => (c.annotations = { '': 'x' }),
    'propertyNames',
    '/annotations/',
    ['config.annotations.keys-nonempty'],
  ],
  [
    'device without major',
    '1.0.2',
    (c) => (c.linux.devices = [{ type: 'c', path: '/dev/x', minor: 1 }]),
    'required',
    '/linux/devices/0',
    ['config-linux.devices.fields-required'],
  ],
  [
    'device bad type',
    '1.0.2',
    (c) => (c.linux.devices = [{ type: 'x', path: '/dev/x', major: 1, minor: 1 }]),
    'enum',
    '/linux/devices/0/type',
    ['config-linux.devices.fields-required'],
  ],
  [
    'device cgroup access',
    '1.0.2',
    (c) => (c.linux.resources.devices[0].access = 'rwx'),
    'pattern',
    '/linux/resources/devices/0/access',
    ['config-linux.resources.devices.fields'],
  ],
  [
    'device cgroup without allow',
    '1.0.2',
    (c) => delete c.linux.resources.devices[0].allow,
    'required',
    '/linux/resources/devices/0',
    ['config-linux.resources.devices.fields'],
  ],
  [
    'swappiness 200',
    '1.0.2',
    (c) => (c.linux.resources.memory = { swappiness: 200 }),
    'maximum',
    '/linux/resources/memory/swappiness',
    ['config-linux.resources.memory.swappiness-range'],
  ],
  [
    'memory limit a string',
    '1.0.2',
    (c) => (c.linux.resources.memory = { limit: '1G' }),
    'type',
    '/linux/resources/memory/limit',
    ['config-linux.resources.memory.limit'],
  ],
  [
    'weightDevice without weights',
    '1.0.2',
    (c) => (c.linux.resources.blockIO = { weightDevice: [{ major: 8, minor: 0 }] }),
    'anyOf',
    '/linux/resources/blockIO/weightDevice/0',
    ['config-linux.resources.blockIO.weightDevice-needs-weight'],
  ],
  [
    'blkio weight > uint16',
    '1.0.2',
    (c) => (c.linux.resources.blockIO = { weight: 70000 }),
    'maximum',
    '/linux/resources/blockIO/weight',
    ['config-linux.resources.blockIO.weight'],
  ],
  [
    'throttle without rate',
    '1.0.2',
    (c) => (c.linux.resources.blockIO = { throttleReadBpsDevice: [{ major: 8, minor: 0 }] }),
    'required',
    '/linux/resources/blockIO/throttleReadBpsDevice/0',
    ['config-linux.resources.blockIO.fields-required'],
  ],
  [
    'hugepage pageSize 64kB',
    '1.0.2',
    (c) => (c.linux.resources.hugepageLimits = [{ pageSize: '64kB', limit: 1 }]),
    'pattern',
    '/linux/resources/hugepageLimits/0/pageSize',
    ['config-linux.resources.hugepageLimits.pageSize-format'],
  ],
  [
    'network priority name a number',
    '1.0.2',
    (c) => (c.linux.resources.network = { priorities: [{ name: 23, priority: 1 }] }),
    'type',
    '/linux/resources/network/priorities/0/name',
    ['config-linux.resources.network.fields-required'],
  ],
  [
    'rdma hcaHandles a string',
    '1.0.2',
    (c) => (c.linux.resources.rdma = { mlx: { hcaHandles: 'not a uint32' } }),
    'type',
    '/linux/resources/rdma/mlx/hcaHandles',
    ['config-linux.resources.rdma.applied'],
  ],
  [
    'rdma entry empty',
    '1.0.2',
    (c) => (c.linux.resources.rdma = { mlx: {} }),
    'anyOf',
    '/linux/resources/rdma/mlx',
    ['config-linux.resources.rdma.needs-one-field'],
  ],
  [
    'pids without limit before 1.3.0',
    '1.2.1',
    (c) => (c.linux.resources.pids = {}),
    'required',
    '/linux/resources/pids',
    ['config-linux.resources.pids.limit'],
  ],
  [
    'seccomp without defaultAction',
    '1.0.2',
    (c) => (c.linux.seccomp = {}),
    'required',
    '/linux/seccomp',
    ['config-linux.seccomp.defaultAction-required'],
  ],
  [
    'seccomp bad action',
    '1.0.2',
    (c) => (c.linux.seccomp = { defaultAction: 'SCMP_ACT_BOGUS' }),
    'enum',
    '/linux/seccomp/defaultAction',
    ['config-linux.seccomp.defaultAction-required'],
  ],
  [
    'seccomp empty names',
    '1.0.2',
    (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: [], action: 'SCMP_ACT_ERRNO' }],
      }),
    'minItems',
    '/linux/seccomp/syscalls/0/names',
    ['config-linux.seccomp.syscalls.names-nonempty'],
  ],
  [
    'seccomp bad op',
    '1.0.2',
    (c) =>
      (c.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['x'], action: 'SCMP_ACT_ERRNO', args: [{ index: 0, value: 1, op: 'EQ' }] }],
      }),
    'enum',
    '/linux/seccomp/syscalls/0/args/0/op',
    ['config-linux.seccomp.syscalls.fields-required'],
  ],
  [
    'seccomp bad arch',
    '1.0.2',
    (c) => (c.linux.seccomp = { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['x86'] }),
    'enum',
    '/linux/seccomp/architectures/0',
    ['config-linux.seccomp.architectures'],
  ],
  [
    'listenerMetadata without listenerPath',
    '1.1.0',
    (c) => (c.linux.seccomp = { defaultAction: 'SCMP_ACT_ALLOW', listenerMetadata: 'x' }),
    'dependencies',
    '/linux/seccomp',
    ['config-linux.seccomp.listenerMetadata-needs-path'],
  ],
  [
    'bad rootfsPropagation',
    '1.0.2',
    (c) => (c.linux.rootfsPropagation = 'rshared'),
    'enum',
    '/linux/rootfsPropagation',
    ['config-linux.rootfsPropagation.enum'],
  ],
  [
    'personality without domain',
    '1.0.2',
    (c) => (c.linux.personality = { flags: [] }),
    'required',
    '/linux/personality',
    ['config-linux.personality.domain-required'],
  ],
  [
    'memBwSchema without MB:',
    '1.0.2',
    (c) => (c.linux.intelRdt = { memBwSchema: 'L3:0=1' }),
    'pattern',
    '/linux/intelRdt/memBwSchema',
    ['config-linux.intelRdt.memBwSchema-prefix'],
  ],
  [
    'schemata line with a newline',
    '1.3.0',
    (c) => (c.linux.intelRdt = { schemata: ['L3:0=1\nMB:0=2'] }),
    'pattern',
    '/linux/intelRdt/schemata/0',
    ['config-linux.intelRdt.schemata-no-newline'],
  ],
  [
    'memoryPolicy bad mode',
    '1.3.0',
    (c) => (c.linux.memoryPolicy = { mode: 'MPOL_X' }),
    'enum',
    '/linux/memoryPolicy/mode',
    ['config-linux.memoryPolicy.mode-required'],
  ],
  [
    'memoryPolicy without mode',
    '1.3.0',
    (c) => (c.linux.memoryPolicy = { nodes: '0' }),
    'required',
    '/linux/memoryPolicy',
    ['config-linux.memoryPolicy.mode-required'],
  ],
  [
    'scheduler without policy',
    '1.1.0',
    (c) => (c.process.scheduler = { nice: 1 }),
    'required',
    '/process/scheduler',
    ['config.process.scheduler.policy-required'],
  ],
  [
    'scheduler bad policy',
    '1.1.0',
    (c) => (c.process.scheduler = { policy: 'SCHED_X' }),
    'enum',
    '/process/scheduler/policy',
    ['config.process.scheduler.policy-enum'],
  ],
  [
    'ioPriority out of range',
    '1.1.0',
    (c) => (c.process.ioPriority = { class: 'IOPRIO_CLASS_BE', priority: 8 }),
    'maximum',
    '/process/ioPriority/priority',
    ['config.process.ioPriority.priority-range'],
  ],
  [
    'netDevices name a number',
    '1.3.0',
    (c) => (c.linux.netDevices = { eth0: { name: 1 } }),
    'type',
    '/linux/netDevices/eth0/name',
    ['config-linux.netDevices.rename'],
  ],
  [
    'timeOffsets nanosecs negative',
    '1.1.0',
    (c) => (c.linux.timeOffsets = { boottime: { nanosecs: -1 } }),
    'minimum',
    '/linux/timeOffsets/boottime/nanosecs',
    ['config-linux.timeOffsets.applied'],
  ],
  [
    'uidMappings without size',
    '1.0.2',
    (c) => (c.linux.uidMappings = [{ containerID: 0, hostID: 1 }]),
    'required',
    '/linux/uidMappings/0',
    ['config-linux.idmappings.fields-required'],
  ],
  ['vm without kernel', '1.0.2', (c) => (c.vm = {}), 'required', '/vm', ['config.platform.other-objects']],
  ['linux not an object', '1.0.2', (c) => (c.linux = []), 'type', '/linux', ['config.platform.linux-object']],
];

describe('config schema: invalid documents', () => {
  it.each(cases)('%s (%s)', (_name, version, f, keyword, pointer, ids) => {
    const errors = validateDocument('config', version, mutate(baseConfig(version), f));
    const e = find(errors, keyword, pointer);
    expect(e, JSON.stringify(errors, null, 1)).toBeDefined();
    expect(e!.requirements).toEqual(expect.arrayContaining(ids));
    expect(e!.message).toMatch(/^[a-z]/);
    expect(e!.message).not.toMatch(/\.$/);
  });

  it.each(documentKinds)('reports one type error for a %s that is not an object', (kind) => {
    for (const v of [[], null, 'x', 1]) {
      const errors = validateDocument(kind, '1.3.0', v);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ pointer: '', keyword: 'type' });
      expect(errors[0]!.message).toMatch(/^expected an object but found /);
    }
  });

  it('reports one error per problem (no anyOf/if fan-out)', () => {
    const errors = validateDocument(
      'config',
      '1.0.2',
      mutate(baseConfig(), (c) => (c.linux.resources.blockIO = { weightDevice: [{ major: 8, minor: 0 }] })),
    );
    expect(errors).toHaveLength(1);
  });

  it('gives expected/actual for enum and type errors', () => {
    const [e] = validateDocument(
      'config',
      '1.0.2',
      mutate(baseConfig(), (c) => (c.linux.namespaces[0].type = 'bogus')),
    );
    expect(e).toMatchObject({ actual: 'bogus', keyword: 'enum' });
    expect(e!.expected).toContain('pid');
    expect(e!.message).toBe(
      'expected one of "pid","network","mount","ipc","uts","user","cgroup" but found "bogus"',
    );
  });

  it('sorts errors by pointer', () => {
    const errors = validateDocument(
      'config',
      '1.0.2',
      mutate(baseConfig(), (c) => {
        c.process.cwd = 'x';
        c.hostname = 1;
        delete c.ociVersion;
      }),
    );
    expect(errors.map((e) => e.pointer)).toEqual(['', '/hostname', '/process/cwd']);
  });
});

describe('config schema: versions', () => {
  it('accepts a newer field in an older document as an unknown property', () => {
    const c = mutate(baseConfig('1.0.2'), (c) => {
      c.linux.memoryPolicy = { mode: 'not-a-mode' };
      c.process.scheduler = 'not even an object';
      c.linux.netDevices = [];
    });
    expect(validateDocument('config', '1.0.2', c)).toEqual([]);
    const errs = validateDocument('config', '1.3.0', c);
    expect(errs.map((e) => e.pointer).sort()).toEqual([
      '/linux/memoryPolicy/mode',
      '/linux/netDevices',
      '/process/scheduler',
    ]);
  });

  it('honours pids.limit becoming optional in 1.3.0', () => {
    const c = mutate(baseConfig(), (c) => (c.linux.resources.pids = {}));
    expect(find(validateDocument('config', '1.2.1', c), 'required', '/linux/resources/pids')).toBeDefined();
    expect(validateDocument('config', '1.3.0', c)).toEqual([]);
  });

  it('honours enableCMT/enableMBM existing only from 1.1.0 to 1.2.1', () => {
    const c = mutate(baseConfig(), (c) => (c.linux.intelRdt = { enableCMT: 'yes' }));
    expect(validateDocument('config', '1.0.2', c)).toEqual([]);
    expect(find(validateDocument('config', '1.1.0', c), 'type', '/linux/intelRdt/enableCMT')).toBeDefined();
    expect(find(validateDocument('config', '1.2.1', c), 'type', '/linux/intelRdt/enableCMT')).toBeDefined();
    expect(validateDocument('config', '1.3.0', c)).toEqual([]);
  });

  it('accepts the time namespace from 1.1.0', () => {
    const c = mutate(baseConfig(), (c) => c.linux.namespaces.push({ type: 'time' }));
    expect(validateDocument('config', '1.0.2', c)).toHaveLength(1);
    expect(validateDocument('config', '1.1.0', c)).toEqual([]);
  });
});

/** A state as `runc state` prints it (runc adds rootfs, created, owner). */
function runcState(): any {
  return {
    ociVersion: '1.0.2-dev',
    id: 'ctr',
    pid: 4422,
    status: 'running',
    bundle: '/containers/redis',
    rootfs: '/containers/redis/rootfs',
    created: '2024-01-01T00:00:00.000000000Z',
    owner: '',
    annotations: { myKey: 'myValue' },
  };
}

describe('state schema', () => {
  it.each(knownSpecVersions)('accepts a runc-like state for %s', (v) => {
    expect(validateDocument('state', v, runcState())).toEqual([]);
    expect(validateDocument('state', v, { ...runcState(), status: 'paused' })).toEqual([]);
    expect(validateDocument('state', v, { ...runcState(), status: 'stopped', pid: 0 })).toEqual([]);
    const s = runcState();
    delete s.pid;
    s.status = 'creating';
    expect(validateDocument('state', v, s)).toEqual([]);
  });

  it.each([
    [
      'created without pid',
      (s: any): unknown => ((s.status = 'created'), delete s.pid),
      'required',
      '',
      'runtime.state.pid-linux',
    ],
    ['missing id', (s: any): unknown => delete s.id, 'required', '', 'runtime.state.id'],
    ['missing bundle', (s: any): unknown => delete s.bundle, 'required', '', 'runtime.state.bundle'],
    [
      'relative bundle',
      (s: any): unknown => (s.bundle = 'redis'),
      'pattern',
      '/bundle',
      'runtime.state.bundle',
    ],
    ['pid as string', (s: any): unknown => (s.pid = '4422'), 'type', '/pid', 'runtime.state.pid-linux'],
    ['status a number', (s: any): unknown => (s.status = 1), 'type', '/status', 'runtime.state.status'],
    [
      'bad ociVersion',
      (s: any): unknown => (s.ociVersion = 'v1'),
      'pattern',
      '/ociVersion',
      'runtime.state.ociVersion',
    ],
    [
      'annotation value a number',
      (s: any): unknown => (s.annotations = { a: 1 }),
      'type',
      '/annotations/a',
      'runtime.state.annotations',
    ],
  ] as const)('%s', (_n, f, keyword, pointer, id) => {
    const s = runcState();
    f(s);
    const e = find(validateDocument('state', '1.0.2', s), keyword, pointer);
    expect(e).toBeDefined();
    expect(e!.requirements).toContain(id);
  });
});

/** A features document as `runc features` (runc 1.1) prints it, trimmed. */
function runcFeatures(): any {
  return {
    ociVersionMin: '1.0.0',
    ociVersionMax: '1.0.2-dev',
    hooks: ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'],
    mountOptions: ['acl', 'async', 'bind', 'ro', 'rw'],
    linux: {
      namespaces: ['cgroup', 'ipc', 'mount', 'network', 'pid', 'user', 'uts'],
      capabilities: ['CAP_CHOWN', 'CAP_KILL'],
      cgroup: { v1: true, v2: true, systemd: true, systemdUser: true },
      seccomp: {
        enabled: true,
        actions: ['SCMP_ACT_ALLOW'],
        operators: ['SCMP_CMP_EQ'],
        archs: ['SCMP_ARCH_X86_64'],
      },
      apparmor: { enabled: true },
      selinux: { enabled: true },
    },
    annotations: { 'org.opencontainers.runc.version': '1.1.5' },
  };
}

describe('features schema', () => {
  it('accepts runc 1.1 output (ociVersionMax 1.0.2-dev uses the 1.1.0 schema)', () => {
    expect(validateDocument('features', '1.0.2', runcFeatures())).toEqual([]);
    for (const v of knownSpecVersions) expect(validateDocument('features', v, runcFeatures())).toEqual([]);
  });

  it('accepts null for any property but ociVersionMin/Max', () => {
    const f = { ...runcFeatures(), hooks: null, mountOptions: null, annotations: null };
    f.linux = { namespaces: null, cgroup: null, seccomp: { enabled: null, actions: null } };
    expect(validateDocument('features', '1.1.0', f)).toEqual([]);
    expect(
      find(validateDocument('features', '1.1.0', { ...f, ociVersionMax: null }), 'type', '/ociVersionMax'),
    ).toBeDefined();
  });

  it('rejects properties the declared version does not define, pointing at the key', () => {
    const f = runcFeatures();
    f.linux.mountExtensions = { idmap: { enabled: true } };
    f.potentiallyUnsafeConfigAnnotations = ['org.systemd.property.'];
    const errs = validateDocument('features', '1.1.0', f);
    expect(errs.map((e) => [e.keyword, e.pointer, e.atKey])).toEqual([
      ['additionalProperties', '/linux/mountExtensions', true],
      ['additionalProperties', '/potentiallyUnsafeConfigAnnotations', true],
    ]);
    expect(errs[0]!.requirements).toEqual(['features.no-unknown-properties']);
    expect(validateDocument('features', '1.2.0', f)).toEqual([]);
  });

  it('can ignore unknown properties of a document newer than the schema', () => {
    const f = { ...runcFeatures(), ociVersionMax: '1.4.0', futureThing: true, hooks: 'x' };
    const r = resolveSpecVersion(f.ociVersionMax);
    expect(r).toMatchObject({ version: '1.3.0', newer: true });
    const errs = validateDocument('features', r.version, f, { ignoreUnknownProperties: r.newer });
    expect(errs.map((e) => [e.keyword, e.pointer])).toEqual([['type', '/hooks']]);
  });

  it('checks 1.3.0 additions', () => {
    const f = runcFeatures();
    f.linux.intelRdt = { enabled: true, schemata: true, monitoring: 'yes' };
    f.linux.memoryPolicy = { modes: ['MPOL_DEFAULT'], flags: [] };
    f.linux.netDevices = { enabled: true };
    const errs = validateDocument('features', '1.3.0', f);
    expect(errs.map((e) => [e.keyword, e.pointer])).toEqual([['type', '/linux/intelRdt/monitoring']]);
    expect(errs[0]!.requirements).toEqual(['features-linux.intelRdt-flags']);
  });

  it('requires ociVersionMin and ociVersionMax', () => {
    const f = runcFeatures();
    delete f.ociVersionMax;
    const [e] = validateDocument('features', '1.1.0', f);
    expect(e).toMatchObject({ keyword: 'required', pointer: '', requirements: ['features.ociVersionMax'] });
  });
});

/** Every schema node's `x-requirement` ids, over every kind and version. */
function annotatedIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'x-requirement') {
        const lists = Array.isArray(v) ? [v] : Object.values(v as object);
        for (const l of lists) for (const id of l as string[]) ids.add(id);
      } else walk(v);
    }
  };
  for (const kind of documentKinds) for (const v of knownSpecVersions) walk(schemaFor(kind, v));
  return ids;
}

describe('requirement annotations', () => {
  it('name only ids that exist in the requirement registry', () => {
    const ids = annotatedIds();
    expect(ids.size).toBeGreaterThan(80);
    expect([...ids].filter((id) => !registry.has(id))).toEqual([]);
  });

  it('never leave an error without requirements', () => {
    for (const [, version, f] of cases) {
      for (const e of validateDocument('config', version, mutate(baseConfig(version), f))) {
        expect(e.requirements.length, `${e.pointer} ${e.keyword}`).toBeGreaterThan(0);
        for (const id of e.requirements) expect(registry.has(id), id).toBe(true);
      }
    }
  });
});

/** Pointers of every value in a document (not the root). */
function pointersOf(v: unknown, base = ''): string[] {
  if (v === null || typeof v !== 'object') return [];
  const out: string[] = [];
  for (const [k, child] of Object.entries(v)) {
    const p = `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    out.push(p, ...pointersOf(child, p));
  }
  return out;
}

function setAt(doc: any, pointer: string, value: unknown): void {
  const t = pointer
    .slice(1)
    .split('/')
    .map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = doc;
  for (const k of t.slice(0, -1)) cur = cur[k];
  cur[t[t.length - 1]!] = value;
}

describe('every known property is typed', () => {
  const full = fullConfig();
  const pointers = pointersOf(full).filter((p) => !p.startsWith('/com.example.unknown'));

  it('covers the whole full config', () => {
    expect(pointers.length).toBeGreaterThan(150);
  });

  it('reports a type error, with a specific requirement, for a wrong-typed value anywhere', () => {
    const missed: string[] = [];
    for (const p of pointers) {
      const doc = structuredClone(full);
      const cur = p
        .slice(1)
        .split('/')
        .reduce((o: any, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      setAt(doc, p, typeof cur === 'string' ? 123 : 'x');
      const e = validateDocument('config', '1.3.0', doc).find((x) => x.pointer === p && x.keyword === 'type');
      if (!e || e.requirements.includes('config.valid-values.error')) missed.push(p);
    }
    expect(missed).toEqual([]);
  });
});

describe('generated validators', () => {
  it('agree with ajv compiling the schema at run time', () => {
    const ajvCompiled = new Map<string, ReturnType<ReturnType<typeof makeAjv>['compile']>>();
    const check = (kind: DocumentKind, version: string, doc: unknown): void => {
      const key = `${kind}-${version}`;
      if (!ajvCompiled.has(key))
        ajvCompiled.set(key, makeAjv().compile(stripAnnotations(schemaFor(kind, version))));
      const a = ajvCompiled.get(key)!;
      a(doc);
      const viaAjv = mapErrors(schemaFor(kind, version), kind, version, (a.errors ?? []) as RawError[], doc);
      expect(validateDocument(kind, version, doc)).toEqual(viaAjv);
    };
    for (const [, version, f] of cases) check('config', version, mutate(baseConfig(version), f));
    check('state', '1.0.2', { ...runcState(), pid: 'x', bundle: 'y' });
    check('features', '1.3.0', { ...runcFeatures(), bogus: 1 });
    expect(validatorFor('config', '1.3.0')).toBe(validatorFor('config', '1.3.0'));
  });
});
