// filesystem.bind-mount: a bind mount recognised by its options alone (type "none"), with a source relative
// to the bundle, read-only: the container reads the bundle's file there and cannot write to it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'filesystem.bind-mount';

export const bindDestination = '/mnt/oci-conform-bind';
/** Relative: config.md resolves a relative bind source against the bundle directory. */
export const bindSource = 'oci-conform-share';
export const bindContent = 'shared from the bundle\n';

/** The bound file must read the bundle's content and refuse writing (the mount is `ro`). */
export function checkBindMount(obs: Observation): Finding[] {
  const path = `${bindDestination}/file`;
  const p = obs.paths.find((x) => x.path === path);
  const reqs: RuntimeRequirementId[] = [
    'config.mounts.bind-by-option',
    'config.mounts.bind-source-relative-to-bundle',
  ];
  if (!p || !p.exists || !p.read.ok || p.read.head !== bindContent)
    return [
      observationFinding(
        id,
        reqs,
        `paths[${path}]`,
        `expected ${path} to show the bundle's ${bindSource}/file through the bind mount, found ${p?.exists ? JSON.stringify(p.read.head ?? p.read.error) : 'no such file'}`,
        bindContent,
        p?.exists ? (p.read.head ?? p.read.error) : null,
      ),
    ];
  if (p.write.ok)
    return [
      observationFinding(
        id,
        ['config.mounts.option.ro'],
        `paths[${path}].write`,
        `expected the ro bind mount to refuse writing ${path}, found it writable`,
        false,
        true,
      ),
    ];
  return [];
}

const requirements: RuntimeRequirementId[] = [
  'config.mounts.bind-by-option',
  'config.mounts.bind-source-relative-to-bundle',
];

export const filesystemBindMount = defineCase({
  id,
  group: 'filesystem',
  requirements,
  description:
    'bind-mounts a bundle-relative directory read-only with type "none" and reads its file in the container',
  build(config) {
    config.mount({
      destination: bindDestination,
      type: 'none',
      source: bindSource,
      options: ['rbind', 'ro'],
    });
    config.probe('report', ['--path', `${bindDestination}/file`]);
  },
  async run(ctx) {
    await mkdir(join(ctx.bundle.dir, bindSource));
    await writeFile(join(ctx.bundle.dir, bindSource, 'file'), bindContent);
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkBindMount(obs);
  },
});
