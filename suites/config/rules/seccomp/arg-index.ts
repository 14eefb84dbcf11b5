// seccomp syscalls[].args[].index names a syscall argument: Linux syscalls take at most six (0..5), and
// libseccomp rejects a larger index. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.seccomp.arg-index',
  title: 'seccomp argument indexes are 0..5',
  kinds: ['config'],
  requirements: ['config-linux.seccomp.args-match'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.seccomp?.syscalls);
    for (let i = 0; i < list.length; i++) {
      const args = arr(isObject(list[i]) ? list[i].args : undefined);
      for (let j = 0; j < args.length; j++) {
        const a = args[j];
        if (!isObject(a) || typeof a.index !== 'number' || a.index <= 5) continue;
        ctx.report({
          pointer: `/linux/seccomp/syscalls/${i}/args/${j}/index`,
          level: 'hazard',
          message: `expected a syscall argument index within 0..5, found ${a.index}`,
          expected: '0..5',
          actual: a.index,
        });
      }
    }
  },
});
