// Two linux.devices entries with the same path: the second finds the file the first one created. When they
// differ (type, major, minor) that file does not match, and the runtime MUST generate an error, so the
// document cannot be created: an error. Identical entries are only redundant: a hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf, repeatedKeys } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-duplicate-path',
  title: 'device paths are unique',
  kinds: ['config'],
  requirements: ['config-linux.devices.path-conflict-error'],
  why: 'Two entries with the same path and the same device: the second finds a file that matches it, so the MUST (error on a file that does not match) does not fire; the entry is only redundant, a hazard. Different devices at one path are an error.',
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    const keyOf = (d: unknown) =>
      isObject(d) && typeof d.path === 'string' ? d.path.replace(/\/+/g, '/').replace(/\/$/, '') : undefined;
    const identity = (d: any) => `${d.type}|${d.major}|${d.minor}`;
    for (const { entry: d, index: i, first } of repeatedKeys(list, keyOf)) {
      const earlier = list[first];
      const same = identity(d) === identity(earlier);
      ctx.report({
        pointer: `/linux/devices/${i}/path`,
        ...(same ? { level: 'hazard' as const } : {}),
        message: same
          ? `device path ${d.path} repeats the identical entry at /linux/devices/${first}`
          : `device path ${d.path} is already used at /linux/devices/${first} by a different device: the file made for it will not match`,
        expected: same ? undefined : `type ${earlier.type} major ${earlier.major} minor ${earlier.minor}`,
        actual: same ? d.path : `type ${d.type} major ${d.major} minor ${d.minor}`,
      });
    }
  },
});
