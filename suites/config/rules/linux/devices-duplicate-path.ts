// Two linux.devices entries with the same path: the second conflicts with the file the first one
// created (the runtime MUST error when an existing file does not match). Hazard.
import { defineRule } from '../../rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-duplicate-path',
  title: 'device paths are unique',
  kinds: ['config'],
  requirements: ['config-linux.devices.path-conflict-error'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    if (list.length < 2) return;
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!isObject(d) || typeof d.path !== 'string') continue;
      const p = d.path.replace(/\/+/g, '/').replace(/\/$/, '');
      const first = seen.get(p);
      if (first === undefined) {
        seen.set(p, i);
        continue;
      }
      ctx.report({
        pointer: `/linux/devices/${i}/path`,
        level: 'hazard',
        message: `device path ${d.path} is already used at /linux/devices/${first}`,
        actual: d.path,
      });
    }
  },
});
