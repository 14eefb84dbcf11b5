// filesystem.idmap-mappings: a bind mount with idmap and its own uidMappings/gidMappings, and an rbind with
// ridmap over a host directory holding a submount; the probe stats files the harness chowned on the host.
import { execFile } from 'node:child_process';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation, type PathProbe } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { need } from '../../../harness/runtime/preflight.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'filesystem.idmap-mappings';
const run$ = promisify(execFile);

/** Host owner of the mapped files, and the ids the mount's own mappings give them. */
export const hostOwner = { uid: 1000, gid: 2000 };
export const mappedOwner = { uid: 5, gid: 6 };
/** A host owner outside the mount's mappings: seen as the overflow ids. */
export const unmappedHostOwner = { uid: 1001, gid: 2001 };
export const overflowId = 65534;

export const idmapDir = '/mnt/oci-idm';
export const ridmapDir = '/mnt/oci-ridm';

const mappings = {
  uidMappings: [{ containerID: mappedOwner.uid, hostID: hostOwner.uid, size: 1 }],
  gidMappings: [{ containerID: mappedOwner.gid, hostID: hostOwner.gid, size: 1 }],
};

/** The probe's paths: a mapped and an unmapped file of the idmap mount, the ridmap top and submount files. */
export const probePaths = {
  mapped: `${idmapDir}/f`,
  unmapped: `${idmapDir}/other`,
  ridmapTop: `${ridmapDir}/f`,
  ridmapSub: `${ridmapDir}/sub/f`,
};

function owner(p: PathProbe | undefined): { uid: number; gid: number } | null {
  return p && p.exists ? { uid: p.uid, gid: p.gid } : null;
}

const same = (a: { uid: number; gid: number } | null, b: { uid: number; gid: number }) =>
  a !== null && a.uid === b.uid && a.gid === b.gid;

/** Compares what the probe saw with the mounts' mappings (config.md, idmap and ridmap rows). */
export function checkIdmapMappings(obs: Observation): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  const at = (p: string) => obs.paths.find((x) => x.path === p);
  const mount = (dir: string) => obs.mounts?.filter((m) => m.mountPoint === dir).at(-1);
  const idmapped = (dir: string) => mount(dir)?.options.includes('idmapped') ?? false;
  const show = (o: { uid: number; gid: number } | null) => (o ? `${o.uid}:${o.gid}` : 'nothing');

  if (!idmapped(idmapDir))
    f(
      ['config.mounts.idmap.apply'],
      `${idmapDir} idmapped`,
      `expected the idmap mount at ${idmapDir} to be ID-mapped ("idmapped" in its mountinfo options), found ${mount(idmapDir) ? JSON.stringify(mount(idmapDir)!.options) : 'no mount there'}`,
      'idmapped',
      mount(idmapDir)?.options ?? null,
    );
  const mapped = owner(at(probePaths.mapped));
  if (!same(mapped, mappedOwner))
    f(
      same(mapped, hostOwner)
        ? ['config.mounts.idmap.apply']
        : ['config.mounts.idmap.apply', 'config.mounts.idmap.use-mount-mappings'],
      'mapped owner',
      `expected ${probePaths.mapped} (host owner ${show(hostOwner)}) owned by ${show(mappedOwner)} through the mount's mappings, found ${show(mapped)}`,
      mappedOwner,
      mapped,
    );
  const unmapped = owner(at(probePaths.unmapped));
  const overflow = { uid: overflowId, gid: overflowId };
  if (!same(unmapped, overflow) && !same(unmapped, unmappedHostOwner))
    f(
      ['config.mounts.idmap.use-mount-mappings'],
      'unmapped owner',
      `expected ${probePaths.unmapped} (host owner ${show(unmappedHostOwner)}, outside the mount's mappings) owned by the overflow ids ${show(overflow)}, found ${show(unmapped)}`,
      overflow,
      unmapped,
    );
  else if (same(unmapped, unmappedHostOwner) && same(mapped, mappedOwner))
    f(
      ['config.mounts.idmap.use-mount-mappings'],
      'unmapped owner',
      `expected ${probePaths.unmapped} (host owner ${show(unmappedHostOwner)}, outside the mount's mappings) owned by the overflow ids ${show(overflow)}, found it unmapped: the mount uses a wider mapping than its own`,
      overflow,
      unmapped,
    );

  const top = owner(at(probePaths.ridmapTop));
  if (!idmapped(ridmapDir) || !same(top, mappedOwner))
    f(
      ['config.mounts.idmap.apply'],
      `${ridmapDir} idmapped`,
      `expected the ridmap mount at ${ridmapDir} ID-mapped with ${probePaths.ridmapTop} owned by ${show(mappedOwner)}, found ${idmapped(ridmapDir) ? 'it idmapped' : 'it not idmapped'} and owner ${show(top)}`,
      { idmapped: true, owner: mappedOwner },
      { idmapped: idmapped(ridmapDir), owner: top },
    );
  const sub = owner(at(probePaths.ridmapSub));
  if (!idmapped(`${ridmapDir}/sub`) || !same(sub, mappedOwner))
    f(
      ['config.mounts.ridmap.recursive'],
      'ridmap submount',
      `expected the submount ${ridmapDir}/sub of the ridmap rbind ID-mapped too, with ${probePaths.ridmapSub} owned by ${show(mappedOwner)}, found ${mount(`${ridmapDir}/sub`) ? (idmapped(`${ridmapDir}/sub`) ? 'it idmapped' : 'it not idmapped') : 'no submount'} and owner ${show(sub)}`,
      { idmapped: true, owner: mappedOwner },
      { idmapped: idmapped(`${ridmapDir}/sub`), owner: sub },
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.mounts.idmap.apply',
  'config.mounts.idmap.use-mount-mappings',
  'config.mounts.ridmap.recursive',
];

async function fileOwnedBy(path: string, o: { uid: number; gid: number }): Promise<void> {
  await writeFile(path, 'oci-conform\n');
  await chown(path, o.uid, o.gid);
}

export const filesystemIdmapMappings = defineCase({
  id,
  group: 'filesystem',
  requirements,
  since: '1.2.0',
  feature: {
    path: ['linux', 'mountExtensions', 'idmap', 'enabled'],
    requirement: 'features-linux.mountExtensions.idmap-enabled',
  },
  description: `an idmap bind mount with uidMappings ${mappedOwner.uid}<-${hostOwner.uid} and gidMappings ${mappedOwner.gid}<-${hostOwner.gid} (no user namespace) shows host-owned files with the mapped ids and the rest as overflow; a ridmap rbind maps its submount too`,
  needs: (host) => need.root(host) ?? need.idmapMounts(host),
  build(config) {
    // SPEC: mount uidMappings/gidMappings exist from 1.1.0, the idmap/ridmap options from 1.2.0; the
    // config declares 1.1.0 so that runtimes taking only 1.1.x configs (crun 1.8.1) run the case.
    config.set('/ociVersion', '1.1.0');
    config.mount({
      destination: idmapDir,
      type: 'none',
      source: 'oci-idm',
      options: ['bind', 'idmap'],
      ...mappings,
    });
    config.mount({
      destination: ridmapDir,
      type: 'none',
      source: 'oci-ridm',
      options: ['rbind', 'ridmap'],
      ...mappings,
    });
    config.probe(
      'report',
      Object.values(probePaths).flatMap((p) => ['--path', p]),
    );
  },
  async run(ctx) {
    const b = ctx.bundle.dir;
    await mkdir(join(b, 'oci-idm'));
    await fileOwnedBy(join(b, 'oci-idm', 'f'), hostOwner);
    await fileOwnedBy(join(b, 'oci-idm', 'other'), unmappedHostOwner);
    await mkdir(join(b, 'oci-ridm', 'sub'), { recursive: true });
    await fileOwnedBy(join(b, 'oci-ridm', 'f'), hostOwner);
    await mkdir(join(b, 'oci-ridm-sub'));
    await fileOwnedBy(join(b, 'oci-ridm-sub', 'f'), hostOwner);
    // The submount: a bind mount the harness makes inside the ridmap source, removed at teardown.
    const subMount = join(b, 'oci-ridm', 'sub');
    await run$('mount', ['--bind', join(b, 'oci-ridm-sub'), subMount]);
    ctx.defer(async () => {
      await run$('umount', [subMount]).catch(() => undefined);
    });
    // Absolute sources: crun 1.8.1 resolves a relative idmap source against another directory.
    const config = structuredClone(ctx.bundle.config);
    for (const m of config.mounts ?? [])
      if (m.source === 'oci-idm' || m.source === 'oci-ridm') m.source = join(b, m.source);
    await ctx.bundle.writeConfig(config);
    const text = await runToCompletion(ctx, requirements);
    if (text === undefined) return;
    const obs = parseProbeOutput(ctx, text, parseObservation);
    if (!obs) return;
    ctx.observe(
      'idmap mounts',
      obs.mounts?.filter((m) => m.mountPoint.startsWith('/mnt/oci-')),
    );
    return checkIdmapMappings(obs);
  },
});
