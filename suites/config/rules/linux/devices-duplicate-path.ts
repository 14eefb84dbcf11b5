// Two linux.devices entries with the same path: the second conflicts with the file the first one
// created (the runtime MUST error when an existing file does not match). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf, repeatedKeys } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-duplicate-path',
  title: 'device paths are unique',
  kinds: ['config'],
  requirements: ['config-linux.devices.path-conflict-error'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    const keyOf = (d: unknown) =>
      isObject(d) && typeof d.path === 'string' ? d.path.replace(/\/+/g, '/').replace(/\/$/, '') : undefined;
    for (const { entry: d, index: i, first } of repeatedKeys(list, keyOf)) {
      ctx.report({
        pointer: `/linux/devices/${i}/path`,
        level: 'hazard',
        message: `device path ${d.path} is already used at /linux/devices/${first}`,
        actual: d.path,
      });
    }
  },
});
