// A manifest's mediaType, when present, is the manifest media type; since 1.1 it SHOULD be present.
import { compareVersions } from '../../requirements/index.js';
import { mt } from '../../harness/image/media-types.js';
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.manifest.media-type',
  title: 'manifest mediaType is application/vnd.oci.image.manifest.v1+json (and present)',
  scope: 'document',
  kinds: ['manifest'],
  requirements: ['image.manifest.media-type', 'image.manifest.media-type-present'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v)) return;
    if (v.mediaType === undefined) {
      if (compareVersions(ctx.specVersion, '1.1.0') >= 0)
        ctx.report({
          pointer: '',
          requirements: ['image.manifest.media-type-present'],
          message: `expected a mediaType member (${mt.manifest}) but found none`,
          expected: mt.manifest,
        });
      return;
    }
    if (v.mediaType !== mt.manifest) {
      ctx.report({
        pointer: '/mediaType',
        requirements: ['image.manifest.media-type'],
        message: `expected mediaType ${mt.manifest} but found ${JSON.stringify(v.mediaType)}`,
        expected: mt.manifest,
        actual: v.mediaType,
      });
    }
  },
});
