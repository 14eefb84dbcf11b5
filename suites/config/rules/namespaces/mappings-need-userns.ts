// linux.uidMappings/gidMappings describe a new user namespace; without one (no 'user' entry, or a
// joined one) the runtime has nothing to write them to: they are ignored or rejected. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, createsNamespace, linuxOf, namespaceEntry } from '../../util.js';

export default defineRule({
  id: 'config.linux.mappings-need-userns',
  title: 'uid/gid mappings come with a new user namespace',
  kinds: ['config'],
  requirements: ['config-linux.idmappings.applied'],
  check(ctx) {
    const linux = linuxOf(ctx.value);
    if (!linux) return;
    const has = arr(linux.uidMappings).length > 0 || arr(linux.gidMappings).length > 0;
    if (!has || createsNamespace(ctx.value, 'user')) return;
    const joined = namespaceEntry(ctx.value, 'user') !== undefined;
    const field = arr(linux.uidMappings).length > 0 ? 'uidMappings' : 'gidMappings';
    ctx.report({
      pointer: `/linux/${field}`,
      atKey: true,
      level: 'hazard',
      message: joined
        ? `${field} is set but the user namespace is joined by path: the mappings of an existing namespace cannot be changed`
        : `${field} is set but linux.namespaces has no 'user' entry: the mappings need a new user namespace`,
      expected: "a linux.namespaces entry of type 'user' without a path",
    });
  },
});
