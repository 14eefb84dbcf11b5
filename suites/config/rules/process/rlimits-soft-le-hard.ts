// rlimits soft above hard: the spec requires getrlimit to return the configured soft as rlim_cur and hard
// as rlim_max (MUST), which cannot both hold, and setrlimit(2) fails with EINVAL, so no runtime can create
// the container: an error at the level of those requirements (compared exactly, values are uint64).
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
        message: `rlimit soft ${soft} is above hard ${hard}: getrlimit cannot return both and setrlimit fails with EINVAL`,
        expected: `soft <= ${hard}`,
        actual: String(soft),
      });
    }
  },
});
