// Hook env has environ semantics: each entry is NAME=value. Hazard (no keyword in the spec).
import { defineRule } from '../../../../harness/config/rule.js';
import { HOOK_KINDS } from '../../data.js';
import { arr, isObject } from '../../util.js';

export default defineRule({
  id: 'config.hooks.env-format',
  title: 'hook env entries have the form NAME=value',
  kinds: ['config'],
  requirements: ['config.hooks.env-environ'],
  check(ctx) {
    const hooks = ctx.value?.hooks;
    if (!isObject(hooks)) return;
    for (const k of HOOK_KINDS) {
      const list = arr(hooks[k]);
      for (let i = 0; i < list.length; i++) {
        const env = arr(isObject(list[i]) ? list[i].env : undefined);
        for (let j = 0; j < env.length; j++) {
          const e = env[j];
          if (typeof e !== 'string' || e.indexOf('=') > 0) continue;
          ctx.report({
            pointer: `/hooks/${k}/${i}/env/${j}`,
            level: 'hazard',
            message: `expected NAME=value in hook env, found ${JSON.stringify(e)}`,
            actual: e,
          });
        }
      }
    }
  },
});
