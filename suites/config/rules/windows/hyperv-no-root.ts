// Hyper-V containers (windows.hyperv set) MUST NOT set root (config.md "Root").
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject } from '../../util.js';

export default defineRule({
  id: 'config.windows.hyperv-no-root',
  title: 'Hyper-V containers have no root',
  kinds: ['config'],
  requirements: ['config.root.hyperv-forbidden'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || !isObject(v.windows) || v.windows.hyperv === undefined || v.root === undefined)
      return;
    ctx.report({
      pointer: '/root',
      atKey: true,
      message: 'root must not be set for a Hyper-V container (windows.hyperv is set)',
    });
  },
});
