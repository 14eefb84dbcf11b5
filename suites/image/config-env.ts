// config.Env entries have the form VARNAME=VARVALUE.
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.config.env',
  title: 'config.Env entries are VARNAME=VARVALUE',
  scope: 'document',
  kinds: ['config'],
  requirements: ['image.config.env-form'],
  check(ctx) {
    const c = isObject(ctx.value) ? ctx.value.config : undefined;
    if (!isObject(c) || !Array.isArray(c.Env)) return;
    c.Env.forEach((e: unknown, i: number) => {
      if (typeof e === 'string' && !/^[^=]+=/.test(e))
        ctx.report({
          pointer: `/config/Env/${i}`,
          message: `expected VARNAME=VARVALUE but found ${JSON.stringify(e)}`,
          actual: e,
        });
    });
  },
});
