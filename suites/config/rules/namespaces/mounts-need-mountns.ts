// mounts, maskedPaths and readonlyPaths are applied in the container's mount namespace; without a
// 'mount' entry in linux.namespaces that namespace is the runtime's (the host's): the mounts would land
// on the host. runc refuses such configs. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, linuxOf, namespaceEntry, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.linux.mounts-need-mountns',
  title: 'mounts, maskedPaths and readonlyPaths come with a mount namespace',
  kinds: ['config'],
  requirements: ['config-linux.namespaces.mount'],
  check(ctx) {
    const v = ctx.value;
    if (targetOs(v) !== 'linux') return;
    const linux = linuxOf(v) ?? {};
    const field =
      arr(v?.mounts).length > 0
        ? 'mounts'
        : arr(linux.maskedPaths).length > 0
          ? 'linux/maskedPaths'
          : arr(linux.readonlyPaths).length > 0
            ? 'linux/readonlyPaths'
            : undefined;
    if (field === undefined || namespaceEntry(v, 'mount') !== undefined) return;
    ctx.report({
      pointer: `/${field}`,
      atKey: true,
      level: 'hazard',
      message: `${field.replace('linux/', 'linux.')} is set but linux.namespaces has no 'mount' entry: the mounts would be made in the host's mount namespace`,
      expected: "a linux.namespaces entry of type 'mount'",
    });
  },
});
