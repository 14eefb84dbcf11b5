// A directory MUST exist at root.path (config.md "Root"); relative paths are taken from the bundle.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'bundle.root-path-exists',
  title: 'root.path is an existing directory',
  kinds: ['config'],
  needs: 'bundle',
  requirements: ['config.root.path-must-exist'],
  check(ctx) {
    const root = ctx.value?.root;
    const b = ctx.bundle;
    if (!b || !isObject(root) || typeof root.path !== 'string' || targetOs(ctx.value) === 'windows') return;
    if (b.isDirectory(root.path)) return;
    ctx.report({
      pointer: '/root/path',
      message: b.exists(root.path)
        ? `root.path ${JSON.stringify(root.path)} exists in the bundle but is not a directory`
        : `root.path ${JSON.stringify(root.path)} does not exist (relative to the bundle ${b.dir})`,
      expected: 'an existing directory',
      actual: root.path,
    });
  },
});
