// process.execCPUAffinity.initial/final are CPU lists in the cpuset syntax ("0-3,7"); anything else
// makes the runtime fail the exec. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { cpuListProblem, isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.exec-cpu-affinity-syntax',
  title: 'execCPUAffinity values are CPU lists',
  kinds: ['config'],
  since: '1.2.1',
  requirements: ['config.process.execCPUAffinity.applied'],
  check(ctx) {
    const a = processOf(ctx.value)?.execCPUAffinity;
    if (!isObject(a)) return;
    for (const k of ['initial', 'final'] as const) {
      const v = a[k];
      if (typeof v !== 'string') continue;
      const problem = cpuListProblem(v);
      if (!problem) continue;
      ctx.report({
        pointer: `/process/execCPUAffinity/${k}`,
        level: 'hazard',
        message: `expected a CPU list like 0-3,7 in execCPUAffinity.${k}: ${problem}`,
        expected: 'a CPU list like 0-3,7',
        actual: v,
      });
    }
  },
});
