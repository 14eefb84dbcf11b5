// rlimits soft above hard: setrlimit(2) fails with EINVAL, so the runtime cannot apply the limit.
// The spec states no keyword for the relation: a hazard (compared exactly, values are uint64).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, exactInteger, isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.rlimits-soft-le-hard',
  title: 'rlimits soft is not above hard',
  kinds: ['config'],
  requirements: ['config.process.rlimits.soft', 'config.process.rlimits.hard'],
  check(ctx) {
    const list = arr(processOf(ctx.value)?.rlimits);
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!isObject(r) || typeof r.soft !== 'number' || typeof r.hard !== 'number') continue;
      if (r.soft <= r.hard && Number.isSafeInteger(r.hard)) continue;
      const soft = exactInteger(ctx.doc, `/process/rlimits/${i}/soft`, r.soft);
      const hard = exactInteger(ctx.doc, `/process/rlimits/${i}/hard`, r.hard);
      if (soft === undefined || hard === undefined || soft <= hard) continue;
      ctx.report({
        pointer: `/process/rlimits/${i}/soft`,
        level: 'hazard',
        message: `rlimit soft ${soft} is above hard ${hard}: setrlimit fails with EINVAL`,
        expected: `soft <= ${hard}`,
        actual: String(soft),
      });
    }
  },
});
