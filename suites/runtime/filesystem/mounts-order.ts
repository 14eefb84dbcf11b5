// filesystem.mounts-order: mounts are made in listed order: a tmpfs listed inside another listed tmpfs is
// mounted on top of it (its parent in mountinfo is the outer mount, and it is visible in the container).
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';
import { visibleMount } from './mount-options.js';

const id = 'filesystem.mounts-order';

export const outer = '/mnt/oci-conform-outer';
export const inner = `${outer}/inner`;

/**
 * The inner mount must sit on the outer one: if the runtime mounted them in another order, the outer tmpfs
 * covers the inner mount point (the inner mount's parent is not the outer mount, and the path is gone).
 */
export function checkMountsOrder(obs: Observation): Finding[] {
  const out: Finding[] = [];
  const o = visibleMount(obs, outer);
  const i = visibleMount(obs, inner);
  const reqs: RuntimeRequirementId[] = ['config.mounts.listed-order'];
  if (!o || !i) {
    out.push(
      observationFinding(
        id,
        reqs,
        'mounts',
        `expected mounts at ${outer} and ${inner}, found ${[o && outer, i && inner].filter(Boolean).join(', ') || 'neither'}`,
      ),
    );
    return out;
  }
  if (i.parent !== o.id)
    out.push(
      observationFinding(
        id,
        reqs,
        `mounts[${inner}].parent`,
        `expected ${inner} mounted on ${outer} (mount ${o.id}) since it is listed after it, found it on mount ${i.parent}`,
        o.id,
        i.parent,
      ),
    );
  const p = obs.paths.find((x) => x.path === inner);
  if (p && !p.exists)
    out.push(
      observationFinding(
        id,
        reqs,
        `paths[${inner}]`,
        `expected ${inner} visible in the container, found it covered by ${outer}`,
        true,
        false,
      ),
    );
  return out;
}

const requirements: RuntimeRequirementId[] = ['config.mounts.listed-order'];

export const filesystemMountsOrder = defineCase({
  id,
  group: 'filesystem',
  requirements,
  description: 'lists a tmpfs and then a tmpfs inside it and checks the second is mounted on the first',
  build(config) {
    config.mount({ destination: outer, type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] });
    config.mount({ destination: inner, type: 'tmpfs', source: 'tmpfs', options: ['size=2m'] });
    config.probe('report', ['--path', inner]);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkMountsOrder(obs);
  },
});
