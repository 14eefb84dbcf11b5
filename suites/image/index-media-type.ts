// An index's mediaType, when present, is the index media type.
import { mt } from '../../harness/image/media-types.js';
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.index.media-type',
  title: 'index mediaType is application/vnd.oci.image.index.v1+json',
  scope: 'document',
  kinds: ['index'],
  requirements: ['image.index.media-type'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || v.mediaType === undefined) return;
    if (v.mediaType !== mt.index) {
      ctx.report({
        pointer: '/mediaType',
        message: `expected mediaType ${mt.index} but found ${JSON.stringify(v.mediaType)}`,
        expected: mt.index,
        actual: v.mediaType,
      });
    }
  },
});
