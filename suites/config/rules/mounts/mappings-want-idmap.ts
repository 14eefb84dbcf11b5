// A mount with uidMappings/gidMappings SHOULD also carry the idmap or ridmap option (1.2.0+).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject } from '../../util.js';

export default defineRule({
  id: 'config.mounts.mappings-want-idmap',
  title: 'mounts with ID mappings carry idmap or ridmap',
  kinds: ['config'],
  since: '1.2.0',
  requirements: ['config.mounts.idmappings-want-idmap-option'],
  check(ctx) {
    const mounts = arr(ctx.value?.mounts);
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m) || (m.uidMappings === undefined && m.gidMappings === undefined)) continue;
      const opts = arr(m.options);
      if (opts.includes('idmap') || opts.includes('ridmap')) continue;
      ctx.report({
        pointer: `/mounts/${i}/${m.uidMappings !== undefined ? 'uidMappings' : 'gidMappings'}`,
        atKey: true,
        message: "expected option 'idmap' or 'ridmap' on a mount with uidMappings/gidMappings, found neither",
        expected: ['idmap', 'ridmap'],
        actual: opts,
      });
    }
  },
});
