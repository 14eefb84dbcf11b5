// A new user namespace without uidMappings/gidMappings maps nobody: every file shows as the overflow
// id and the process runs as nobody (runc refuses it). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, createsNamespace, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.userns-needs-mappings',
  title: 'a new user namespace comes with uid and gid mappings',
  kinds: ['config'],
  requirements: ['config-linux.idmappings.applied'],
  check(ctx) {
    const linux = linuxOf(ctx.value);
    if (!linux || !createsNamespace(ctx.value, 'user')) return;
    if (arr(linux.uidMappings).length > 0 && arr(linux.gidMappings).length > 0) return;
    const missing: string[] = [];
    if (arr(linux.uidMappings).length === 0) missing.push('uidMappings');
    if (arr(linux.gidMappings).length === 0) missing.push('gidMappings');
    if (missing.length === 0) return;
    const i = arr(linux.namespaces).findIndex((n) => n?.type === 'user');
    ctx.report({
      pointer: `/linux/namespaces/${i}`,
      level: 'hazard',
      message: `a new user namespace is requested without ${missing.join(' and ')}: no id is mapped inside it`,
      expected: missing,
    });
  },
});
