// Non-distributable layer media types are deprecated (1.1): new layers should not use them.
import { isNonDistributable } from '../../harness/image/media-types.js';
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layer.non-distributable',
  title: 'layers do not use the deprecated non-distributable media types',
  scope: 'document',
  kinds: ['manifest'],
  since: '1.1.0',
  requirements: ['image.layer.non-distributable'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || !Array.isArray(v.layers)) return;
    v.layers.forEach((l: any, i: number) => {
      if (isObject(l) && typeof l.mediaType === 'string' && isNonDistributable(l.mediaType))
        ctx.report({
          pointer: `/layers/${i}/mediaType`,
          message: `expected a distributable layer type but found ${l.mediaType}`,
        });
    });
  },
});
