// A positive cpu.quota MUST NOT be smaller than cpu.burst (config-linux.md, 1.1.0+).
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.cpu-quota-burst',
  title: 'cpu burst is not above a positive quota',
  kinds: ['config'],
  since: '1.1.0',
  requirements: ['config-linux.resources.cpu.quota-vs-burst'],
  check(ctx) {
    const cpu = linuxOf(ctx.value)?.resources?.cpu;
    if (!isObject(cpu) || typeof cpu.quota !== 'number' || typeof cpu.burst !== 'number') return;
    if (cpu.quota <= 0 || cpu.burst <= cpu.quota) return;
    ctx.report({
      pointer: '/linux/resources/cpu/burst',
      message: `cpu burst ${cpu.burst} is above the quota ${cpu.quota}`,
      expected: `<= ${cpu.quota}`,
      actual: cpu.burst,
    });
  },
});
