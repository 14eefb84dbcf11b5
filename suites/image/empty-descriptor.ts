// A descriptor of the empty media type is exactly the empty descriptor: size 2, the digest of {}.
import { emptyJson } from '../../harness/image/digest.js';
import { defineImageRule, descriptorsOf, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.descriptor.empty',
  title: 'the empty descriptor has its exact form',
  scope: 'document',
  kinds: ['index', 'manifest'],
  since: '1.1.0',
  requirements: ['image.descriptor.empty-descriptor'],
  check(ctx) {
    for (const d of descriptorsOf(ctx.value)) {
      const v = d.value;
      if (!isObject(v) || v.mediaType !== emptyJson.mediaType) continue;
      for (const k of ['digest', 'size', 'data'] as const) {
        if (k === 'data' && v.data === undefined) continue;
        if (v[k] !== emptyJson[k])
          ctx.report({
            pointer: `${d.pointer}/${k}`,
            message: `expected ${k} ${JSON.stringify(emptyJson[k])} for ${emptyJson.mediaType} but found ${JSON.stringify(v[k])}`,
            expected: emptyJson[k],
            actual: v[k],
          });
      }
    }
  },
});
