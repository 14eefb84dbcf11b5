// features.mountOptions SHOULD NOT list filesystem-specific data options on Linux (e.g. size=, mode=).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject } from '../../util.js';

export default defineRule({
  id: 'features.mount-options-no-fs-specific',
  title: 'features.mountOptions has no filesystem-specific data options',
  kinds: ['features'],
  since: '1.1.0',
  requirements: ['features.mountOptions-no-fs-specific'],
  check(ctx) {
    if (!isObject(ctx.value)) return;
    const list = arr(ctx.value.mountOptions);
    for (let i = 0; i < list.length; i++) {
      const o = list[i];
      if (typeof o !== 'string' || !o.includes('=')) continue;
      ctx.report({
        pointer: `/mountOptions/${i}`,
        message: `mountOptions should not list filesystem-specific data options, found ${JSON.stringify(o)}`,
        actual: o,
      });
    }
  },
});
