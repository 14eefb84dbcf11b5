// process.user.umask is a permission mask: bits above 0o777 are ignored by umask(2). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.umask-range',
  title: 'umask has no bits above 0777',
  kinds: ['config'],
  since: '1.0.2',
  requirements: ['config.process.user.umask-applied'],
  check(ctx) {
    const user = processOf(ctx.value)?.user;
    if (!isObject(user) || typeof user.umask !== 'number' || user.umask <= 0o777) return;
    ctx.report({
      pointer: '/process/user/umask',
      level: 'hazard',
      message: `expected a umask within 0..511 (0777), found ${user.umask}: umask is written in decimal in JSON, e.g. 18 for 022`,
      expected: '0..511',
      actual: user.umask,
    });
  },
});
