// memory.kernel and memory.kernelTCP are NOT RECOMMENDED (1.1.0+; Linux dropped kernel memory limits).
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.memory-kernel',
  title: 'memory.kernel and memory.kernelTCP are not used',
  kinds: ['config'],
  since: '1.1.0',
  requirements: ['config-linux.resources.memory.kernel', 'config-linux.resources.memory.kernelTCP'],
  check(ctx) {
    const mem = linuxOf(ctx.value)?.resources?.memory;
    if (!isObject(mem)) return;
    for (const k of ['kernel', 'kernelTCP'] as const) {
      if (mem[k] === undefined) continue;
      ctx.report({
        pointer: `/linux/resources/memory/${k}`,
        atKey: true,
        requirements: [
          k === 'kernel' ? 'config-linux.resources.memory.kernel' : 'config-linux.resources.memory.kernelTCP',
        ],
        message: `memory.${k} is not recommended: kernel memory limits are deprecated and ignored by recent kernels`,
      });
    }
  },
});
