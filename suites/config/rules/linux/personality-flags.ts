// linux.personality.flags: "Currently no flag values are supported" (config-linux.md, 1.0.2+).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.personality-flags',
  title: 'personality flags are empty (none is defined)',
  kinds: ['config'],
  since: '1.0.2',
  requirements: ['config-linux.personality.flags-none-supported'],
  check(ctx) {
    const p = linuxOf(ctx.value)?.personality;
    if (!isObject(p) || arr(p.flags).length === 0) return;
    ctx.report({
      pointer: '/linux/personality/flags',
      level: 'hazard',
      message: `no personality flags are defined by the spec, found ${JSON.stringify(p.flags)}`,
      expected: [],
      actual: p.flags,
    });
  },
});
