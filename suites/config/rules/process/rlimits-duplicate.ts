// Two rlimits entries of the same type: the runtime MUST generate an error (config.md "POSIX process").
import { defineRule } from '../../rule.js';
import { arr, isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.rlimits-duplicate',
  title: 'rlimits types are unique',
  kinds: ['config'],
  requirements: ['config.process.rlimits.duplicate-error'],
  check(ctx) {
    const list = arr(processOf(ctx.value)?.rlimits);
    if (list.length < 2) return;
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!isObject(r) || typeof r.type !== 'string') continue;
      const first = seen.get(r.type);
      if (first === undefined) {
        seen.set(r.type, i);
        continue;
      }
      ctx.report({
        pointer: `/process/rlimits/${i}/type`,
        message: `rlimit ${r.type} is already set at /process/rlimits/${first}: duplicate types make the runtime fail`,
        actual: r.type,
      });
    }
  },
});
