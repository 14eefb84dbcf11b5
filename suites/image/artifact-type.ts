// A manifest whose config is the empty descriptor is an artifact and names its artifactType.
import { mt } from '../../harness/image/media-types.js';
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.manifest.artifact-type',
  title: 'artifactType is set when config.mediaType is the empty media type',
  scope: 'document',
  kinds: ['manifest'],
  since: '1.1.0',
  requirements: ['image.manifest.artifact-type-empty-config'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || !isObject(v.config)) return;
    if (v.config.mediaType === mt.empty && (v.artifactType === undefined || v.artifactType === '')) {
      ctx.report({
        pointer: '/config/mediaType',
        message: `expected artifactType because config.mediaType is ${mt.empty} but found none`,
      });
    }
  },
});
