// hostname/domainname change the container's UTS namespace; without a uts entry in linux.namespaces
// that namespace is the runtime's (the host's) own (config.md "Hostname": "may be the runtime UTS
// namespace"). runc refuses such configs. No keyword: a hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, namespaceEntry, targetOs, versionAtLeast } from '../../util.js';

export default defineRule({
  id: 'config.hostname-needs-uts',
  title: 'hostname and domainname come with a uts namespace',
  kinds: ['config'],
  requirements: ['config.hostname', 'config.domainname'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || targetOs(v) !== 'linux') return;
    if (v.hostname === undefined && v.domainname === undefined) return;
    if (namespaceEntry(v, 'uts') !== undefined) return;
    for (const f of ['hostname', 'domainname'] as const) {
      if (v[f] === undefined || (f === 'domainname' && !versionAtLeast(ctx.specVersion, '1.1.0'))) continue;
      ctx.report({
        pointer: `/${f}`,
        requirements: [f === 'hostname' ? 'config.hostname' : 'config.domainname'],
        level: 'hazard',
        message: `${f} is set but linux.namespaces has no uts entry: it would change the runtime's (host's) ${f}`,
        expected: "a linux.namespaces entry of type 'uts'",
      });
    }
  },
});
