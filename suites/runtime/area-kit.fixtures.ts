// Fixture observations for the unit tests of the area checks: a plausible container observation that
// tests edit field by field (it passes through the probe's own validating parser).
import { parseObservation, type MountEntry, type Observation } from '../../harness/probe/observation.js';
import { ConfigBuilder } from '../../harness/runtime/config-builder.js';
import type { CaseEnvironment, RuntimeCase, RuntimeConfig } from '../../harness/runtime/case.js';

let nextMountId = 100;

/** A mountinfo entry with defaults (fstype tmpfs, rw). */
export function mountEntry(m: Partial<MountEntry> & { mountPoint: string }): MountEntry {
  return {
    id: nextMountId++,
    parent: 1,
    device: '0:50',
    root: '/',
    options: ['rw', 'relatime'],
    propagation: [],
    fstype: 'tmpfs',
    source: 'tmpfs',
    superOptions: ['rw'],
    ...m,
  };
}

const ns = (kind: string, inode: number) => ({ link: `${kind}:[${inode}]`, inode, dev: 4 });

/** A valid observation as the probe prints it inside a default container, with `edit` applied. */
export function fixtureObservation(edit: (o: Observation) => void = () => {}): Observation {
  const o: Observation = {
    probeVersion: 1,
    pid: 1,
    ppid: 0,
    args: ['/probe', 'report'],
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    cwd: '/',
    hostname: 'oci-conform',
    domainname: '(none)',
    user: { uid: 0, euid: 0, suid: 0, gid: 0, egid: 0, sgid: 0, additionalGids: [] },
    capabilities: {
      inheritable: { hex: '0000000000000000', names: [] },
      permitted: { hex: '0000000020000420', names: ['CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_AUDIT_WRITE'] },
      effective: { hex: '0000000020000420', names: ['CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_AUDIT_WRITE'] },
      bounding: { hex: '0000000020000420', names: ['CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_AUDIT_WRITE'] },
      ambient: { hex: '0000000000000000', names: [] },
    },
    noNewPrivs: true,
    seccomp: 0,
    seccompFilters: 0,
    umask: 0o022,
    rlimits: {
      RLIMIT_NOFILE: { soft: '1024', hard: '1024' },
      RLIMIT_CORE: { soft: '0', hard: '18446744073709551615' },
    },
    oomScoreAdj: 0,
    personality: 0,
    scheduler: { policy: 0, nice: 0 },
    uidMap: '         0          0 4294967295\n',
    gidMap: '         0          0 4294967295\n',
    lsmLabel: null,
    namespaces: {
      cgroup: ns('cgroup', 4026531835),
      ipc: ns('ipc', 4026532300),
      mnt: ns('mnt', 4026532298),
      net: ns('net', 4026532303),
      pid: ns('pid', 4026532301),
      pid_for_children: ns('pid', 4026532301),
      time: ns('time', 4026531834),
      time_for_children: ns('time', 4026531834),
      user: ns('user', 4026531837),
      uts: ns('uts', 4026532299),
    },
    cgroups: [{ hierarchy: 4, controllers: ['memory'], path: '/oci-conform-x/c1' }],
    mounts: [
      mountEntry({ mountPoint: '/', fstype: 'ext4', source: '/dev/vda1', device: '254:1' }),
      mountEntry({ mountPoint: '/proc', fstype: 'proc', source: 'proc' }),
    ],
    sysctls: {},
    devices: [{ path: '/dev/null', type: 'char', major: 1, minor: 3, mode: 0o666, uid: 0, gid: 0 }],
    paths: [],
    fds: [
      { fd: 0, target: '/dev/null' },
      { fd: 1, target: '/tmp/x/stdout' },
      { fd: 2, target: '/tmp/x/stderr' },
    ],
    errors: [],
  };
  edit(o);
  // Round-trip through the real parser so a fixture can never drift from the probe's contract.
  return parseObservation(JSON.stringify(o));
}

/** The environment the unit tests build case configs in. */
export const testEnv: CaseEnvironment = { specVersion: '1.3.0', profile: 'spec', configVersion: '1.0.2' };

/** The main bundle's config of a case, as the harness would build it from the default config. */
export function caseConfig(c: Pick<RuntimeCase, 'build'>): RuntimeConfig {
  const b = new ConfigBuilder();
  c.build?.(b, testEnv);
  return b.build();
}
