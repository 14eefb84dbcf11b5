// Bind mounts need their source: an absolute path on this host, or a path relative to the bundle.
// A missing source makes the mount fail. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'host.bind-sources',
  title: 'bind mount sources exist',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.mounts.bind-source-relative-to-bundle'],
  check(ctx) {
    const host = ctx.host;
    const mounts = arr(ctx.value?.mounts);
    if (!host || mounts.length === 0 || targetOs(ctx.value) !== 'linux') return;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m) || typeof m.source !== 'string' || m.source === '') continue;
      const opts = arr(m.options);
      if (!(opts.includes('bind') || opts.includes('rbind') || m.type === 'bind')) continue;
      let present: boolean;
      if (m.source.startsWith('/')) present = host.exists(m.source);
      else if (ctx.bundle) present = ctx.bundle.exists(m.source);
      else continue;
      if (present) continue;
      ctx.report({
        pointer: `/mounts/${i}/source`,
        level: 'hazard',
        message: `bind mount source ${JSON.stringify(m.source)} does not exist${m.source.startsWith('/') ? ' on this host' : ' in the bundle'}`,
        actual: m.source,
      });
    }
  },
});
