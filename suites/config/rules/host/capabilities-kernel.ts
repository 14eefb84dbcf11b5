// Capabilities the running kernel does not know (newer than its cap_last_cap) cannot be granted: the
// runtime errors before 1.1.0 and only warns from 1.1.0 on.
import { defineRule } from '../../rule.js';
import { CAPABILITY_SETS, LINUX_CAPABILITY_SET } from '../../data.js';
import { arr, isObject, processOf, targetOs, versionAtLeast } from '../../util.js';

export default defineRule({
  id: 'host.capabilities-kernel',
  title: 'capabilities are known to this host kernel',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.process.capabilities.unmappable-warning', 'config.valid-values.error'],
  check(ctx) {
    const caps = processOf(ctx.value)?.capabilities;
    const host = ctx.host;
    if (!host || !isObject(caps) || targetOs(ctx.value) !== 'linux') return;
    const known = new Set(host.capabilities);
    const old = !versionAtLeast(ctx.specVersion, '1.1.0');
    for (const set of CAPABILITY_SETS) {
      const list = arr(caps[set]);
      for (let i = 0; i < list.length; i++) {
        const c = list[i];
        // names no kernel knows are reported by config.process.capabilities-known
        if (typeof c !== 'string' || !LINUX_CAPABILITY_SET.has(c) || known.has(c)) continue;
        ctx.report({
          pointer: `/process/capabilities/${set}/${i}`,
          requirements: old
            ? ['config.valid-values.error']
            : ['config.process.capabilities.unmappable-warning'],
          level: old ? 'must' : 'hazard',
          message: `capability ${c} is not known to this host's kernel (cap_last_cap is ${host.capabilities.at(-1) ?? 'unknown'})`,
          actual: c,
        });
      }
    }
  },
});
