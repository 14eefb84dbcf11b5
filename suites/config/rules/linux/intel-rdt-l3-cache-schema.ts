// linux.intelRdt.l3CacheSchema SHOULD start with 'L3:' and SHOULD NOT contain newlines (config-linux.md).
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.intel-rdt-l3-cache-schema',
  title: "l3CacheSchema starts with 'L3:' and is one line",
  kinds: ['config'],
  requirements: [
    'config-linux.intelRdt.l3CacheSchema-prefix',
    'config-linux.intelRdt.l3CacheSchema-no-newline',
  ],
  check(ctx) {
    const rdt = linuxOf(ctx.value)?.intelRdt;
    if (!isObject(rdt) || typeof rdt.l3CacheSchema !== 'string') return;
    const v: string = rdt.l3CacheSchema;
    if (!v.startsWith('L3:')) {
      ctx.report({
        pointer: '/linux/intelRdt/l3CacheSchema',
        requirements: ['config-linux.intelRdt.l3CacheSchema-prefix'],
        message: `l3CacheSchema should start with 'L3:', found ${JSON.stringify(v)}`,
        expected: 'L3:<cache_id>=<mask>;...',
        actual: v,
      });
    }
    if (/[\r\n]/.test(v)) {
      ctx.report({
        pointer: '/linux/intelRdt/l3CacheSchema',
        requirements: ['config-linux.intelRdt.l3CacheSchema-no-newline'],
        message: 'l3CacheSchema should not contain a newline',
        actual: v,
      });
    }
  },
});
