// No two linux.devices entries SHOULD share type, major and minor (config-linux.md "Devices").
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf, repeatedKeys } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-duplicate-number',
  title: 'devices do not share type/major/minor',
  kinds: ['config'],
  requirements: ['config-linux.devices.no-duplicates'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    // SPEC: 'c' and 'u' both name an unbuffered character device, so they share one number space.
    const keyOf = (d: unknown) =>
      isObject(d) && typeof d.major === 'number' && typeof d.minor === 'number' && d.type !== 'p'
        ? `${d.type === 'b' ? 'b' : 'c'}:${d.major}:${d.minor}`
        : undefined;
    for (const { entry: d, index: i, first, key } of repeatedKeys(list, keyOf)) {
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
