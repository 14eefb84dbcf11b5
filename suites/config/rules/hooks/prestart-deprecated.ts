// prestart hooks are deprecated in favour of createRuntime, createContainer and startContainer (1.0.2+).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject } from '../../util.js';

export default defineRule({
  id: 'config.hooks.prestart-deprecated',
  title: 'prestart hooks are deprecated',
  kinds: ['config'],
  since: '1.0.2',
  requirements: ['config.hooks.prestart.deprecated'],
  check(ctx) {
    const hooks = ctx.value?.hooks;
    if (!isObject(hooks) || arr(hooks.prestart).length === 0) return;
    ctx.report({
      pointer: '/hooks/prestart',
      atKey: true,
      level: 'info',
      message: 'prestart hooks are deprecated: use createRuntime, createContainer or startContainer',
    });
  },
});
