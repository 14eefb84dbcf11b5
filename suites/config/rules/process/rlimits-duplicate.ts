// Two rlimits entries of the same type: the runtime MUST generate an error (config.md "POSIX process").
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, processOf, repeatedKeys } from '../../util.js';

export default defineRule({
  id: 'config.process.rlimits-duplicate',
  title: 'rlimits types are unique',
  kinds: ['config'],
  requirements: ['config.process.rlimits.duplicate-error'],
  check(ctx) {
    const list = arr(processOf(ctx.value)?.rlimits);
    const keyOf = (r: unknown) => (isObject(r) && typeof r.type === 'string' ? r.type : undefined);
    for (const { entry: r, index: i, first } of repeatedKeys(list, keyOf)) {
      ctx.report({
        pointer: `/process/rlimits/${i}/type`,
        message: `rlimit ${r.type} is already set at /process/rlimits/${first}: duplicate types make the runtime fail`,
        actual: r.type,
      });
    }
  },
});
