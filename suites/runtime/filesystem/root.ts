// The container's root and its standard mounts: root is required, an absolute root.path with readonly
// left out gives a writable root, rootfsPropagation shows on `/`, the default filesystems of config-linux.md
// are mounted, and a relative mount destination is resolved against the container's `/`.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase } from '../../../harness/runtime/case.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { hide, runTables, show, type TableMount } from './mount-table.js';
import { mountAt } from './mount-table.js';

export const filesystemRootRequired = defineCase({
  id: 'filesystem.root-required',
  group: 'filesystem',
  requirements: ['config.root.required-non-windows'],
  description: 'leaves root out of a Linux config and expects create to fail',
  build(config) {
    delete (config.config as { root?: unknown }).root;
  },
  async run(ctx) {
    const created = await ctx.runtime.create();
    ctx.check.failed(created, {
      requirements: ['config.root.required-non-windows'],
      what: 'create without root',
    });
  },
});

/** `/` must be writable (the probe creates and removes a file there). */
export function checkRootWritable(obs: Observation): Finding[] {
  const p = obs.paths.find((x) => x.path === '/');
  if (p?.exists && p.write.ok) return [];
  return [
    observationFinding(
      'filesystem.root-defaults',
      ['config.root.readonly-default'],
      'paths[/].write',
      `expected / writable when root.readonly is left out, found ${p?.exists ? p.write.error : 'no entry'}`,
      { ok: true },
      p?.exists ? p.write : null,
    ),
  ];
}

const rootDefaultsRequirements: RuntimeRequirementId[] = [
  'config.root.path-absolute-or-bundle-relative',
  'config.root.readonly-default',
];

export const filesystemRootDefaults = defineCase({
  id: 'filesystem.root-defaults',
  group: 'filesystem',
  requirements: rootDefaultsRequirements,
  description:
    'gives root.path as an absolute path and leaves readonly out; expects the probe to run from that root and / to be writable',
  build(config) {
    config.probe('report', ['--path', '/']);
  },
  async run(ctx) {
    // The bundle's location is known only now: root.path becomes the rootfs's absolute path.
    const config = structuredClone(ctx.bundle.config);
    config.root = { path: ctx.bundle.rootfs };
    await ctx.bundle.writeConfig(config);
    const out = await runToCompletion(ctx, ['config.root.path-absolute-or-bundle-relative']);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkRootWritable(obs);
  },
});

/** The filesystems config-linux.md lists, by mount point. */
export const defaultFilesystems: { path: string; fstype: string; requirement: RuntimeRequirementId }[] = [
  { path: '/proc', fstype: 'proc', requirement: 'config-linux.default-fs.proc' },
  { path: '/sys', fstype: 'sysfs', requirement: 'config-linux.default-fs.sys' },
  { path: '/dev/pts', fstype: 'devpts', requirement: 'config-linux.default-fs.dev-pts' },
  { path: '/dev/shm', fstype: 'tmpfs', requirement: 'config-linux.default-fs.dev-shm' },
];

/**
 * Each default filesystem must be mounted at its path with its type.
 * SPEC: config-linux.md says the filesystems "SHOULD be made available"; the generated config lists them
 * (as runtime-tools' default does), so the check is that they are there, of the right type.
 */
export function checkDefaultFilesystems(obs: Observation): Finding[] {
  const out: Finding[] = [];
  for (const d of defaultFilesystems) {
    const m = mountAt(obs, d.path);
    if (m?.fstype === d.fstype) continue;
    out.push(
      observationFinding(
        'filesystem.default-filesystems',
        [d.requirement],
        `mounts[${d.path}].fstype`,
        `expected a ${d.fstype} filesystem at ${d.path}, found ${m ? m.fstype : 'no mount'}`,
        d.fstype,
        m?.fstype ?? null,
      ),
    );
  }
  return out;
}

const defaultFsRequirements = defaultFilesystems.map((d) => d.requirement);

export const filesystemDefaultFilesystems = defineCase({
  id: 'filesystem.default-filesystems',
  group: 'filesystem',
  requirements: defaultFsRequirements,
  description:
    'runs the default config and expects proc, sysfs, devpts and tmpfs at /proc, /sys, /dev/pts and /dev/shm',
  build(config) {
    config.probe('report');
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, defaultFsRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkDefaultFilesystems(obs);
  },
});

export const relativeDestination = 'mnt/oci-relative';

/** A mount with a relative destination must appear at that path under the container's `/`. */
export function checkRelativeDestination(obs: Observation): Finding[] {
  const m = mountAt(obs, `/${relativeDestination}`);
  if (m?.fstype === 'tmpfs') return [];
  return [
    observationFinding(
      'filesystem.relative-destination',
      ['config.mounts.destination-linux-relative-from-root'],
      `mounts[/${relativeDestination}]`,
      `expected the tmpfs with destination ${relativeDestination} mounted at /${relativeDestination}, found ${m ? m.fstype : 'no mount there'}`,
      `/${relativeDestination}`,
      (obs.mounts ?? []).filter((x) => x.mountPoint.includes('oci-relative')).map((x) => x.mountPoint),
    ),
  ];
}

const relativeRequirements: RuntimeRequirementId[] = [
  'config.mounts.destination-linux-relative-allowed',
  'config.mounts.destination-linux-relative-from-root',
];

export const filesystemRelativeDestination = defineCase({
  id: 'filesystem.relative-destination',
  group: 'filesystem',
  requirements: relativeRequirements,
  description: `mounts a tmpfs with the relative destination ${relativeDestination} and expects it at /${relativeDestination}`,
  build(config) {
    config.mount({ destination: relativeDestination, type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] });
    config.probe('report');
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, ['config.mounts.destination-linux-relative-allowed']);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkRelativeDestination(obs);
  },
});

/**
 * rootfsPropagation, one container per value, judged on the propagation fields of `/`.
 * SPEC: `slave` makes `/` a slave of the host's mount when that one is shared, and private otherwise (a
 * host whose `/` is private has nothing to follow): the check is that `/` does not show `shared:N`.
 */
export const rootfsPropagationTables: { value: string; table: TableMount[] }[] = [
  {
    value: 'shared',
    table: [
      {
        entries: [],
        at: '/',
        expect: [show('shared', 'config-linux.rootfsPropagation.shared', 'propagation', 'shared:')],
      },
    ],
  },
  {
    value: 'slave',
    table: [
      {
        entries: [],
        at: '/',
        expect: [hide('slave', 'config-linux.rootfsPropagation.slave', 'propagation', 'shared:')],
      },
    ],
  },
  {
    value: 'private',
    table: [
      {
        entries: [],
        at: '/',
        expect: [
          hide('private', 'config-linux.rootfsPropagation.private', 'propagation', 'shared:'),
          hide('private', 'config-linux.rootfsPropagation.private', 'propagation', 'master:'),
        ],
      },
    ],
  },
  {
    value: 'unbindable',
    table: [
      {
        entries: [],
        at: '/',
        expect: [
          show('unbindable', 'config-linux.rootfsPropagation.unbindable', 'propagation', 'unbindable'),
        ],
      },
    ],
  },
];

const propagationRequirements: RuntimeRequirementId[] = rootfsPropagationTables.map(
  (t) => `config-linux.rootfsPropagation.${t.value}` as RuntimeRequirementId,
);

export const filesystemRootfsPropagation = defineCase({
  id: 'filesystem.rootfs-propagation',
  group: 'filesystem',
  requirements: propagationRequirements,
  description:
    'sets rootfsPropagation to shared, slave, private and unbindable (one container each) and reads the propagation of /',
  timeoutMs: 60_000,
  build(config) {
    config.set('/linux/rootfsPropagation', rootfsPropagationTables[0]!.value);
    config.probe('report');
  },
  run: (ctx) =>
    runTables(
      ctx,
      'filesystem.rootfs-propagation',
      rootfsPropagationTables.map((t) => t.table),
      undefined,
      rootfsPropagationTables.map((t) => (c) => c.set('/linux/rootfsPropagation', t.value)),
    ),
});
