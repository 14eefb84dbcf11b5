// idmap/ridmap with no per-mount mappings in a container without a user namespace: the runtime MUST
// return an error (config.md "Mounts", 1.2.0+).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, namespaceEntry } from '../../util.js';

export default defineRule({
  id: 'config.mounts.idmap-needs-mapping',
  title: 'idmap/ridmap mounts have mappings or a user namespace',
  kinds: ['config'],
  since: '1.2.0',
  requirements: ['config.mounts.idmap.no-userns-error'],
  check(ctx) {
    const mounts = arr(ctx.value?.mounts);
    if (mounts.length === 0 || namespaceEntry(ctx.value, 'user') !== undefined) return;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m) || m.uidMappings !== undefined || m.gidMappings !== undefined) continue;
      const opts = arr(m.options);
      const j = opts.findIndex((o) => o === 'idmap' || o === 'ridmap');
      if (j < 0) continue;
      ctx.report({
        pointer: `/mounts/${i}/options/${j}`,
        message: `option ${JSON.stringify(opts[j])} needs uidMappings/gidMappings on the mount or a user namespace, found neither`,
      });
    }
  },
});
