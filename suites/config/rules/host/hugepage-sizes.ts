// hugepageLimits name page sizes the kernel must offer: without /sys/kernel/mm/hugepages/hugepages-<N>kB
// there is no hugetlb.<size>.limit_in_bytes (v1) or hugetlb.<size>.max (v2) file to write, and create fails.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'host.hugepage-sizes',
  title: 'hugepageLimits page sizes are ones this host offers',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.valid-values.error', 'config-linux.resources.hugepageLimits.applied'],
  check(ctx) {
    const sizes = ctx.host?.hugePageSizes;
    const limits = arr(linuxOf(ctx.value)?.resources?.hugepageLimits);
    if (!sizes || limits.length === 0) return;
    const have = new Set(sizes);
    for (let i = 0; i < limits.length; i++) {
      const l = limits[i];
      // malformed sizes (64kB, 2M) are the schema's and config.linux.resources.hugepage-* rules' to report
      if (!isObject(l) || typeof l.pageSize !== 'string' || !/^\d+[KMGTPE]?B$/.test(l.pageSize)) continue;
      if (have.has(l.pageSize)) continue;
      ctx.report({
        pointer: `/linux/resources/hugepageLimits/${i}/pageSize`,
        message: `create will fail on this host: huge page size ${l.pageSize} is not offered by this kernel (it offers ${sizes.length > 0 ? sizes.join(', ') : 'no huge page sizes'})`,
        expected: sizes,
        actual: l.pageSize,
      });
    }
  },
});
