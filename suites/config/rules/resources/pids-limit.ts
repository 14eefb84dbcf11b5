// linux.resources.pids.limit: -1 means no limit and 0 is a valid limit; other negative values have no
// meaning (runtimes read them as "max" or fail). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.pids-limit',
  title: 'pids.limit is -1 or not negative',
  kinds: ['config'],
  requirements: ['config-linux.resources.pids.limit'],
  check(ctx) {
    const pids = linuxOf(ctx.value)?.resources?.pids;
    if (!isObject(pids) || typeof pids.limit !== 'number' || pids.limit >= -1) return;
    ctx.report({
      pointer: '/linux/resources/pids/limit',
      level: 'hazard',
      message: `expected a pids limit of -1 (unlimited) or more, found ${pids.limit}`,
      expected: '>= -1',
      actual: pids.limit,
    });
  },
});
