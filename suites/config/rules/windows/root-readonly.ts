// On Windows, root.readonly MUST be omitted or false (config.md "Root").
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.windows.root-readonly',
  title: 'root.readonly is not true on Windows',
  kinds: ['config'],
  requirements: ['config.root.readonly-windows'],
  check(ctx) {
    const root = ctx.value?.root;
    if (!isObject(root) || root.readonly !== true || targetOs(ctx.value) !== 'windows') return;
    ctx.report({
      pointer: '/root/readonly',
      message: 'root.readonly must be omitted or false on Windows, found true',
      expected: false,
      actual: true,
    });
  },
});
