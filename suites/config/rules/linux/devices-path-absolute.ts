// linux.devices[].path is the "full path to device inside container": a relative path has no anchor.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-path-absolute',
  title: 'device paths are absolute',
  kinds: ['config'],
  requirements: ['config-linux.devices.available'],
  why: 'The MUST (every listed device exists in the container) binds the runtime; the spec calls path the full path inside the container but gives its form no keyword, so a relative path is a hazard: runtimes resolve it against / or refuse it.',
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!isObject(d) || typeof d.path !== 'string' || d.path.startsWith('/')) continue;
      ctx.report({
        pointer: `/linux/devices/${i}/path`,
        level: 'hazard',
        message: `expected the full (absolute) device path inside the container, found ${JSON.stringify(d.path)}`,
        expected: 'an absolute path such as /dev/fuse',
        actual: d.path,
      });
    }
  },
});
