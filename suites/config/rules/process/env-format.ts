// process.env has environ semantics: each entry is NAME=value. An entry without '=' is not a variable
// (execve passes it through, getenv never finds it). Hazard: the spec states no keyword here.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.env-format',
  title: 'process.env entries have the form NAME=value',
  kinds: ['config'],
  requirements: ['config.process.env-applied'],
  check(ctx) {
    const env = arr(processOf(ctx.value)?.env);
    for (let i = 0; i < env.length; i++) {
      const e = env[i];
      if (typeof e !== 'string') continue;
      const eq = e.indexOf('=');
      if (eq > 0) continue;
      ctx.report({
        pointer: `/process/env/${i}`,
        level: 'hazard',
        message:
          eq === 0
            ? `expected NAME=value in process.env, found an empty name in ${JSON.stringify(e)}`
            : `expected NAME=value in process.env, found ${JSON.stringify(e)} without '='`,
        actual: e,
      });
    }
  },
});
