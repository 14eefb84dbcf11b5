// Capabilities the running kernel does not know (newer than its cap_last_cap) cannot be granted: the
// runtime errors before 1.1.0 and only warns from 1.1.0 on.
import { defineRule } from '../../../../harness/config/rule.js';
import { forEachCapability, ungrantableCapability } from '../../capabilities.js';
import { LINUX_CAPABILITY_SET } from '../../data.js';

export default defineRule({
  id: 'host.capabilities-kernel',
  title: 'capabilities are known to this host kernel',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.process.capabilities.unmappable-warning', 'config.valid-values.error'],
  why: 'As for config.process.capabilities-known: from 1.1.0 the runtime MUST only warn about a capability this kernel does not know and SHOULD NOT fail, so the finding is a hazard; before 1.1.0 it is an error.',
  check(ctx) {
    const host = ctx.host;
    if (!host) return;
    const known = new Set(host.capabilities);
    forEachCapability(ctx.value, (c, set, i) => {
      // names no kernel knows are reported by config.process.capabilities-known
      if (!LINUX_CAPABILITY_SET.has(c) || known.has(c)) return;
      ctx.report({
        ...ungrantableCapability(ctx.specVersion, set, i),
        message: `capability ${c} is not known to this host's kernel (cap_last_cap is ${host.capabilities.at(-1) ?? 'unknown'})`,
        actual: c,
      });
    });
  },
});
