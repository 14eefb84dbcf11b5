// root.path SHOULD be the conventional `rootfs` (config.md "Root", POSIX platforms).
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.root.path-conventional',
  title: "root.path is the conventional 'rootfs'",
  kinds: ['config'],
  requirements: ['config.root.path-conventional'],
  check(ctx) {
    const root = ctx.value?.root;
    if (!isObject(root) || typeof root.path !== 'string' || targetOs(ctx.value) === 'windows') return;
    // SPEC: the spec's own example allows the absolute form /to/bundle/rootfs for the same directory,
    // so we accept any path whose last component is rootfs.
    const p = root.path.replace(/\/+$/, '');
    if (p === 'rootfs' || p === './rootfs' || p.endsWith('/rootfs')) return;
    ctx.report({
      pointer: '/root/path',
      message: `root.path should be the conventional 'rootfs', found ${JSON.stringify(root.path)}`,
      expected: 'rootfs',
      actual: root.path,
    });
  },
});
