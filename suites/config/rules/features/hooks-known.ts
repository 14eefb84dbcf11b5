// Every name in features.hooks MUST work as a config hooks property: a name the spec does not define
// cannot be one (prestart, createRuntime, createContainer, startContainer, poststart, poststop).
import { defineRule } from '../../../../harness/config/rule.js';
import { HOOK_KINDS } from '../../data.js';
import { arr, isObject } from '../../util.js';

const KNOWN: ReadonlySet<string> = new Set(HOOK_KINDS);

export default defineRule({
  id: 'features.hooks-known',
  title: 'features.hooks names are config hook properties',
  kinds: ['features'],
  since: '1.1.0',
  requirements: ['features.hooks-supported'],
  check(ctx) {
    if (!isObject(ctx.value)) return;
    const list = arr(ctx.value.hooks);
    for (let i = 0; i < list.length; i++) {
      const h = list[i];
      if (typeof h !== 'string' || KNOWN.has(h)) continue;
      ctx.report({
        pointer: `/hooks/${i}`,
        message: `features.hooks lists ${JSON.stringify(h)}, which is not a config hooks property`,
        expected: [...KNOWN],
        actual: h,
      });
    }
  },
});
