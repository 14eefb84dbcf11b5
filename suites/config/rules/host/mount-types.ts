// On Linux, a mount type names a filesystem from /proc/filesystems (bind mounts excepted: their type
// is a placeholder). A type this host lacks makes mount(2) fail with ENODEV. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'host.mount-types',
  title: 'mount types are filesystems this host supports',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.mounts.type-linux'],
  check(ctx) {
    const host = ctx.host;
    const mounts = arr(ctx.value?.mounts);
    if (!host || mounts.length === 0 || targetOs(ctx.value) !== 'linux' || host.filesystems.length === 0)
      return;
    const fss = new Set(host.filesystems);
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (
        !isObject(m) ||
        typeof m.type !== 'string' ||
        m.type === '' ||
        m.type === 'bind' ||
        m.type === 'none'
      )
        continue;
      const opts = arr(m.options);
      if (opts.includes('bind') || opts.includes('rbind') || fss.has(m.type)) continue;
      // fuse.<subtype> is served by the fuse filesystem
      if (m.type.startsWith('fuse.') && fss.has('fuse')) continue;
      ctx.report({
        pointer: `/mounts/${i}/type`,
        level: 'hazard',
        message: `mount type ${JSON.stringify(m.type)} is not in this host's /proc/filesystems`,
        actual: m.type,
      });
    }
  },
});
