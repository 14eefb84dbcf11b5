// features.linux.capabilities lists capabilities accepted in process.capabilities: they are
// capabilities(7) names. A name outside the list is a hazard (a newer kernel may define it).
import { defineRule } from '../../../../harness/config/rule.js';
import { LINUX_CAPABILITY_SET } from '../../data.js';
import { arr, isObject } from '../../util.js';

export default defineRule({
  id: 'features.linux-capabilities-known',
  title: 'features.linux.capabilities are capability names',
  kinds: ['features'],
  since: '1.1.0',
  requirements: ['features-linux.capabilities-recognized'],
  why: 'The MUST is that every listed capability is accepted in process.capabilities; a name outside capabilities(7) may be one a newer kernel defines, which a validator cannot rule out: info for a well-formed CAP_ name, a hazard otherwise.',
  check(ctx) {
    const linux = isObject(ctx.value) ? ctx.value.linux : undefined;
    if (!isObject(linux)) return;
    const list = arr(linux.capabilities);
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (typeof c !== 'string' || LINUX_CAPABILITY_SET.has(c)) continue;
      ctx.report({
        pointer: `/linux/capabilities/${i}`,
        level: /^CAP_[A-Z0-9_]+$/.test(c) ? 'info' : 'hazard',
        message: `features.linux.capabilities lists ${JSON.stringify(c)}, which is not a known capabilities(7) name`,
        actual: c,
      });
    }
  },
});
