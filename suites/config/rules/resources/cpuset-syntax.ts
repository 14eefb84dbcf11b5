// cpu.cpus and cpu.mems are written to cpuset.cpus / cpuset.mems: lists like "0-3,7". Anything else is
// rejected by the kernel. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { cpuListProblem, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.cpuset-syntax',
  title: 'cpus and mems are cpuset lists',
  kinds: ['config'],
  requirements: ['config-linux.resources.cpu.cpus', 'config-linux.resources.cpu.mems'],
  check(ctx) {
    const cpu = linuxOf(ctx.value)?.resources?.cpu;
    if (!isObject(cpu)) return;
    for (const k of ['cpus', 'mems'] as const) {
      const v = cpu[k];
      if (typeof v !== 'string') continue;
      const problem = cpuListProblem(v);
      if (!problem) continue;
      ctx.report({
        pointer: `/linux/resources/cpu/${k}`,
        requirements: [k === 'cpus' ? 'config-linux.resources.cpu.cpus' : 'config-linux.resources.cpu.mems'],
        level: 'hazard',
        message: `expected a list like 0-3,7 in cpu.${k}: ${problem}`,
        expected: 'a list like 0-3,7',
        actual: v,
      });
    }
  },
});
