// linux.resources.memory relations the cgroup enforces: reservation (soft limit) at most limit, and swap
// (memory+swap on cgroup v1) at least limit. -1 means unlimited. Spec states no keyword: hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { exactInteger, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.memory-limits',
  title: 'memory reservation <= limit <= swap',
  kinds: ['config'],
  requirements: ['config-linux.resources.memory.limit', 'config-linux.resources.memory.swap'],
  check(ctx) {
    const mem = linuxOf(ctx.value)?.resources?.memory;
    if (!isObject(mem) || typeof mem.limit !== 'number') return;
    const base = '/linux/resources/memory';
    const limit = exactInteger(ctx.doc, `${base}/limit`, mem.limit);
    if (limit === undefined || limit <= 0n) return;
    const reservation = exactInteger(ctx.doc, `${base}/reservation`, mem.reservation);
    if (reservation !== undefined && reservation > limit) {
      ctx.report({
        pointer: `${base}/reservation`,
        requirements: ['config-linux.resources.memory.reservation'],
        level: 'hazard',
        message: `memory reservation ${reservation} is above the limit ${limit}`,
        expected: `<= ${limit}`,
        actual: String(reservation),
      });
    }
    const swap = exactInteger(ctx.doc, `${base}/swap`, mem.swap);
    if (swap !== undefined && swap > 0n && swap < limit) {
      ctx.report({
        pointer: `${base}/swap`,
        requirements: ['config-linux.resources.memory.swap'],
        level: 'hazard',
        message: `memory swap ${swap} (memory+swap) is below the memory limit ${limit}: runtimes reject it`,
        expected: `>= ${limit} or -1`,
        actual: String(swap),
      });
    }
  },
});
