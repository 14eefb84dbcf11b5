// hugepageLimits: one entry per page size; a second limit for the same size overrides the first. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf, repeatedKeys } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.hugepage-duplicate',
  title: 'each hugepage size is limited once',
  kinds: ['config'],
  requirements: ['config-linux.resources.hugepageLimits.applied'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.resources?.hugepageLimits);
    const keyOf = (h: unknown) => (isObject(h) && typeof h.pageSize === 'string' ? h.pageSize : undefined);
    for (const { entry: h, index: i, first } of repeatedKeys(list, keyOf)) {
      ctx.report({
        pointer: `/linux/resources/hugepageLimits/${i}/pageSize`,
        level: 'hazard',
        message: `page size ${h.pageSize} is already limited at /linux/resources/hugepageLimits/${first}: the later limit overrides it`,
        actual: h.pageSize,
      });
    }
  },
});
