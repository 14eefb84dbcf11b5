// urls entries SHOULD use http or https (that they are URIs is the schema's format check).
import { defineImageRule, descriptorsOf, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.descriptor.urls',
  title: 'descriptor urls use http or https',
  scope: 'document',
  kinds: ['index', 'manifest'],
  requirements: ['image.descriptor.urls-http'],
  check(ctx) {
    for (const d of descriptorsOf(ctx.value)) {
      if (!isObject(d.value) || !Array.isArray(d.value.urls)) continue;
      d.value.urls.forEach((u: unknown, i: number) => {
        if (typeof u === 'string' && !/^https?:/i.test(u))
          ctx.report({
            pointer: `${d.pointer}/urls/${i}`,
            message: `expected an http or https URL but found ${JSON.stringify(u)}`,
            actual: u,
          });
      });
    }
  },
});
