// No two linux.devices entries SHOULD share type, major and minor (config-linux.md "Devices").
import { defineRule } from '../../rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-duplicate-number',
  title: 'devices do not share type/major/minor',
  kinds: ['config'],
  requirements: ['config-linux.devices.no-duplicates'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    if (list.length < 2) return;
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!isObject(d) || typeof d.major !== 'number' || typeof d.minor !== 'number' || d.type === 'p')
        continue;
      // SPEC: 'c' and 'u' both name an unbuffered character device, so they share one number space.
      const key = `${d.type === 'b' ? 'b' : 'c'}:${d.major}:${d.minor}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        continue;
      }
      // the same entry written twice is reported once, by config.linux.devices-duplicate-path
      if (list[first]?.path === d.path) continue;
      ctx.report({
        pointer: `/linux/devices/${i}`,
        message: `device ${d.type} ${d.major}:${d.minor} duplicates /linux/devices/${first}`,
        actual: key,
      });
    }
  },
});
