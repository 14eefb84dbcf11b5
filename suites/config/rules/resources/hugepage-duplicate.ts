// hugepageLimits: one entry per page size; a second limit for the same size overrides the first. Hazard.
import { defineRule } from '../../rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.hugepage-duplicate',
  title: 'each hugepage size is limited once',
  kinds: ['config'],
  requirements: ['config-linux.resources.hugepageLimits.applied'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.resources?.hugepageLimits);
    if (list.length < 2) return;
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const h = list[i];
      if (!isObject(h) || typeof h.pageSize !== 'string') continue;
      const first = seen.get(h.pageSize);
      if (first !== undefined) {
        ctx.report({
          pointer: `/linux/resources/hugepageLimits/${i}/pageSize`,
          level: 'hazard',
          message: `page size ${h.pageSize} is already limited at /linux/resources/hugepageLimits/${first}: the later limit overrides it`,
          actual: h.pageSize,
        });
      } else seen.set(h.pageSize, i);
    }
  },
});
