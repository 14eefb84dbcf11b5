// Kernel rules between capability sets: effective must be a subset of permitted (capset(2) EPERM),
// ambient a subset of permitted and inheritable (PR_CAP_AMBIENT_RAISE EPERM). The spec does not state
// them: a hazard (the runtime fails or, from 1.1.0, may drop the capability with a warning).
import { defineRule } from '../../../../harness/config/rule.js';
import { LINUX_CAPABILITY_SET } from '../../data.js';
import { arr, isObject, processOf, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.process.capabilities-relations',
  title: 'effective ⊆ permitted and ambient ⊆ permitted ∩ inheritable',
  kinds: ['config'],
  requirements: ['config.process.capabilities.effective', 'config.process.capabilities.ambient'],
  check(ctx) {
    const caps = processOf(ctx.value)?.capabilities;
    if (!isObject(caps) || targetOs(ctx.value) !== 'linux') return;
    const permitted = arr(caps.permitted);
    const inheritable = arr(caps.inheritable);
    const effective = arr(caps.effective);
    for (let i = 0; i < effective.length; i++) {
      const c = effective[i];
      if (!LINUX_CAPABILITY_SET.has(c) || permitted.includes(c)) continue;
      ctx.report({
        pointer: `/process/capabilities/effective/${i}`,
        requirements: ['config.process.capabilities.effective'],
        level: 'hazard',
        message: `effective capability ${c} is not in permitted: the kernel refuses an effective set larger than permitted`,
        expected: 'effective ⊆ permitted',
        actual: c,
      });
    }
    const ambient = arr(caps.ambient);
    for (let i = 0; i < ambient.length; i++) {
      const c = ambient[i];
      if (!LINUX_CAPABILITY_SET.has(c)) continue;
      const inP = permitted.includes(c);
      const inI = inheritable.includes(c);
      if (inP && inI) continue;
      const missing = !inP && !inI ? 'permitted and inheritable' : inP ? 'inheritable' : 'permitted';
      ctx.report({
        pointer: `/process/capabilities/ambient/${i}`,
        requirements: ['config.process.capabilities.ambient'],
        level: 'hazard',
        message: `ambient capability ${c} is not in ${missing}: the kernel only raises ambient capabilities that are both permitted and inheritable`,
        expected: 'ambient ⊆ permitted ∩ inheritable',
        actual: c,
      });
    }
  },
});
