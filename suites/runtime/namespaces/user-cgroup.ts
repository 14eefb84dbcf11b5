// namespaces.user-mappings: a new user namespace with uidMappings and gidMappings, read back from
// /proc/self/uid_map and gid_map. namespaces.cgroup-view: a new cgroup namespace (with the default pid,
// network, ipc, uts and mount), in which /proc/self/cgroup shows the container's cgroups as the root.
import { chmod, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { IdMapping } from '../../../harness/runtime/config-builder.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';
import { checkNamespaces, hostNamespaceInodes } from './new-vs-inherited.js';

/** Host ids 100000.. mapped to 0..65535, and a second gid range, so entry order and count are seen. */
export const caseUidMappings: IdMapping[] = [{ containerID: 0, hostID: 100000, size: 65536 }];
export const caseGidMappings: IdMapping[] = [
  { containerID: 0, hostID: 200000, size: 1000 },
  { containerID: 1000, hostID: 300000, size: 64536 },
];

/** Parses /proc/PID/uid_map (or gid_map): one `inside outside count` triple per line. */
export function parseIdMap(text: string): IdMapping[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [containerID, hostID, size] = l.split(/\s+/).map(Number);
      return { containerID: containerID!, hostID: hostID!, size: size! };
    });
}

const key = (m: IdMapping) => `${m.containerID} ${m.hostID} ${m.size}`;

/** The kernel's uid_map and gid_map against the config's mappings (as sets: the kernel may sort them). */
export function checkIdMappings(obs: Observation, config: RuntimeConfig): Finding[] {
  const out: Finding[] = [];
  for (const [which, want, got] of [
    ['uid', config.linux?.uidMappings ?? [], obs.uidMap],
    ['gid', config.linux?.gidMappings ?? [], obs.gidMap],
  ] as const) {
    const seen = got === null ? null : parseIdMap(got);
    const a = want.map(key).sort();
    const b = seen?.map(key).sort() ?? null;
    if (b === null || a.join(',') !== b.join(','))
      out.push(
        observationFinding(
          'namespaces.user-mappings',
          ['config-linux.idmappings.applied'],
          `${which}Map`,
          `expected /proc/self/${which}_map to hold ${a.join(', ')}, found ${b === null ? 'it unreadable' : b.join(', ') || 'nothing'}`,
          a,
          b,
        ),
      );
  }
  return out;
}

/**
 * The mapped root (host uid 100000) must be able to reach the rootfs: adds search permission (o+x) to the
 * rootfs and its ancestors inside the temp dir (the harness makes them 0700).
 */
async function searchableForMappedRoot(rootfs: string): Promise<void> {
  const top = resolve(tmpdir());
  for (let d = resolve(rootfs); d.startsWith(top + sep) && d !== top; d = dirname(d)) {
    const mode = (await stat(d)).mode & 0o7777;
    if ((mode & 0o001) === 0) await chmod(d, mode | 0o001);
  }
}

const userRequirements: RuntimeRequirementId[] = [
  'config-linux.namespaces.user',
  'config-linux.idmappings.applied',
  'config-linux.namespaces.new-when-no-path',
  'config-linux.idmappings.no-chown',
];

/** The rootfs owner on the host before and after: a runtime should map, not chown, to make the ids fit. */
export function checkNoChown(
  before: { uid: number; gid: number },
  after: { uid: number; gid: number },
): Finding[] {
  if (before.uid === after.uid && before.gid === after.gid) return [];
  return [
    observationFinding(
      'namespaces.user-mappings',
      ['config-linux.idmappings.no-chown'],
      'rootfsOwner',
      `expected the rootfs to stay owned by ${before.uid}:${before.gid} on the host, found ${after.uid}:${after.gid}`,
      before,
      after,
    ),
  ];
}

export const namespacesUserMappings = defineCase({
  id: 'namespaces.user-mappings',
  group: 'namespaces',
  requirements: userRequirements,
  description:
    'adds a user namespace with one uid and two gid mapping ranges, and reads uid_map, gid_map and the namespace inode',
  needs: (host) =>
    host.userNamespaces === false
      ? 'user namespaces are disabled on this host'
      : !host.namespaces.includes('user')
        ? 'the kernel has no user namespaces'
        : null,
  build(config) {
    config
      .namespace('user')
      .set('/linux/uidMappings', caseUidMappings)
      .set('/linux/gidMappings', caseGidMappings);
  },
  async run(ctx) {
    await searchableForMappedRoot(ctx.bundle.rootfs);
    const owner = async () => {
      const st = await stat(ctx.bundle.rootfs);
      return { uid: st.uid, gid: st.gid };
    };
    const before = await owner();
    const host = await hostNamespaceInodes();
    ctx.observe('hostNamespaces', host);
    const out = await runToCompletion(ctx, userRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    const user = { ...(host.user !== undefined ? { user: host.user } : {}) };
    return [
      ...checkNamespaces(obs, ctx.bundle.config, user, 'namespaces.user-mappings'),
      ...checkIdMappings(obs, ctx.bundle.config),
      ...checkNoChown(before, await owner()),
    ];
  },
});

/** Every /proc/self/cgroup line must show the root of the namespace (`/`). */
export function checkCgroupView(obs: Observation): Finding[] {
  if (obs.cgroups === null)
    return [
      observationFinding(
        'namespaces.cgroup-view',
        ['config-linux.namespaces.cgroup'],
        'cgroups',
        'expected /proc/self/cgroup to be readable, found it unreadable',
      ),
    ];
  return obs.cgroups
    .filter((c) => c.path !== '/')
    .map((c) =>
      observationFinding(
        'namespaces.cgroup-view',
        ['config-linux.namespaces.cgroup'],
        `cgroups.${c.hierarchy}`,
        `expected hierarchy ${c.hierarchy} (${c.controllers.join(',') || 'v2'}) at / in the new cgroup namespace, found ${c.path}`,
        '/',
        c.path,
      ),
    );
}

const cgroupRequirements: RuntimeRequirementId[] = [
  'config-linux.namespaces.cgroup',
  'config-linux.namespaces.ipc',
  'config-linux.namespaces.new-when-no-path',
  'config-linux.namespaces.inherit-when-absent',
];

export const namespacesCgroupView = defineCase({
  id: 'namespaces.cgroup-view',
  group: 'namespaces',
  requirements: cgroupRequirements,
  description:
    "adds a cgroup namespace to pid, network, ipc, uts and mount; each listed type is new, user and time are the runtime's, and /proc/self/cgroup shows /",
  needs: (host) => (host.namespaces.includes('cgroup') ? null : 'the kernel has no cgroup namespaces'),
  build(config) {
    config.namespace('cgroup');
  },
  async run(ctx) {
    const host = await hostNamespaceInodes();
    ctx.observe('hostNamespaces', host);
    const out = await runToCompletion(ctx, cgroupRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return [
      ...checkNamespaces(obs, ctx.bundle.config, host, 'namespaces.cgroup-view'),
      ...checkCgroupView(obs),
    ];
  },
});
