// layers SHOULD have at least one entry (a SHOULD: upstream's schema minItems is stricter than the text).
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.manifest.layers-non-empty',
  title: 'layers has at least one entry',
  scope: 'document',
  kinds: ['manifest'],
  requirements: ['image.manifest.layers-non-empty'],
  check(ctx) {
    const v = ctx.value;
    if (isObject(v) && Array.isArray(v.layers) && v.layers.length === 0) {
      ctx.report({
        pointer: '/layers',
        message: 'expected at least one layer but found an empty layers array',
      });
    }
  },
});
