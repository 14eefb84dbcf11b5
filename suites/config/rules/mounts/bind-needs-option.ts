// On Linux a mount is a bind mount exactly when its options contain bind or rbind; its type is then a
// placeholder (config.md "Mounts"). type "bind" without either option asks mount(2) for a filesystem
// called "bind": runc and crun guess a bind mount, other runtimes need not. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.mounts.bind-needs-option',
  title: "type 'bind' mounts carry the bind or rbind option",
  kinds: ['config'],
  requirements: ['config.mounts.bind-by-option'],
  check(ctx) {
    const mounts = arr(ctx.value?.mounts);
    if (mounts.length === 0 || targetOs(ctx.value) !== 'linux') return;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m) || m.type !== 'bind') continue;
      const opts = arr(m.options);
      if (opts.includes('bind') || opts.includes('rbind')) continue;
      ctx.report({
        pointer: `/mounts/${i}/type`,
        level: 'hazard',
        message:
          "mount type 'bind' without option 'bind' or 'rbind': the spec makes a bind mount only from the option",
        expected: "options with 'bind' or 'rbind'",
        actual: opts,
      });
    }
  },
});
