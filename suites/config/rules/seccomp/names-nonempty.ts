// Each seccomp syscalls entry MUST name at least one syscall (config-linux.md): an empty string names
// none. (An empty names array is the schema's job.)
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.seccomp.names-nonempty',
  title: 'seccomp syscall names are not empty strings',
  kinds: ['config'],
  requirements: ['config-linux.seccomp.syscalls.names-nonempty'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.seccomp?.syscalls);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!isObject(s) || !Array.isArray(s.names)) continue;
      for (let j = 0; j < s.names.length; j++) {
        if (s.names[j] !== '') continue;
        ctx.report({
          pointer: `/linux/seccomp/syscalls/${i}/names/${j}`,
          message: 'expected a syscall name, found an empty string',
        });
      }
    }
  },
});
