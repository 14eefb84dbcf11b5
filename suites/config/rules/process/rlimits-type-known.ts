// rlimits[].type must name a resource of the platform (getrlimit(2) on Linux, getrlimit(3) on
// Solaris); the runtime MUST generate an error for anything else.
import { defineRule } from '../../../../harness/config/rule.js';
import { LINUX_RLIMITS, SOLARIS_RLIMITS } from '../../data.js';
import { arr, isObject, processOf, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.process.rlimits-type-known',
  title: 'rlimits types are resources the platform knows',
  kinds: ['config'],
  requirements: ['config.process.rlimits.unknown-type-error'],
  check(ctx) {
    const list = arr(processOf(ctx.value)?.rlimits);
    if (list.length === 0) return;
    const os = targetOs(ctx.value);
    const known = os === 'linux' ? LINUX_RLIMITS : os === 'solaris' ? SOLARIS_RLIMITS : undefined;
    if (!known) return;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!isObject(r) || typeof r.type !== 'string' || known.has(r.type)) continue;
      ctx.report({
        pointer: `/process/rlimits/${i}/type`,
        message: `expected an ${os} resource limit such as RLIMIT_NOFILE, found ${JSON.stringify(r.type)}`,
        expected: [...known],
        actual: r.type,
      });
    }
  },
});
