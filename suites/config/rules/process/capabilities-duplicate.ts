// A capability listed twice in one set is harmless but usually a copy-paste slip: info only.
import { defineRule } from '../../../../harness/config/rule.js';
import { CAPABILITY_SETS } from '../../data.js';
import { arr, isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.capabilities-duplicate',
  title: 'no capability is listed twice in one set',
  kinds: ['config'],
  requirements: [],
  check(ctx) {
    const caps = processOf(ctx.value)?.capabilities;
    if (!isObject(caps)) return;
    for (const set of CAPABILITY_SETS) {
      const list = arr(caps[set]);
      for (let i = 1; i < list.length; i++) {
        const c = list[i];
        const first = list.indexOf(c);
        if (first === i || typeof c !== 'string') continue;
        ctx.report({
          pointer: `/process/capabilities/${set}/${i}`,
          level: 'info',
          message: `capability ${c} is listed twice in ${set} (first at index ${first})`,
          actual: c,
        });
      }
    }
  },
});
