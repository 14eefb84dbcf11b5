// filesystem.idmap-without-mappings: an idmap bind mount with no uidMappings/gidMappings in a container
// without a user namespace has no mapping to apply, so create must fail rather than mount it unmapped.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase } from '../../../harness/runtime/case.js';

export const idmapSource = 'oci-idmap';
export const idmapDestination = '/mnt/oci-idmap';

const requirements: RuntimeRequirementId[] = [
  'config.mounts.idmap.no-userns-error',
  'config.mounts.idmap.no-mapping-error',
];

export const filesystemIdmapWithoutMappings = defineCase({
  id: 'filesystem.idmap-without-mappings',
  group: 'filesystem',
  requirements,
  description:
    'asks for an idmap bind mount with no mappings in a container without a user namespace and expects create to fail',
  since: '1.2.0',
  build(config) {
    config.mount({
      destination: idmapDestination,
      type: 'none',
      source: idmapSource,
      options: ['rbind', 'idmap'],
    });
    config.probe('report');
  },
  async run(ctx) {
    await mkdir(join(ctx.bundle.dir, idmapSource));
    const created = await ctx.runtime.create();
    ctx.check.failed(created, { requirements, what: 'create with an idmap mount and no mapping' });
  },
});
