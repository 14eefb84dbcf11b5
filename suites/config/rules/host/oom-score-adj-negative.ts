// A negative oomScoreAdj needs CAP_SYS_RESOURCE (lowering oom_score_adj below its current value is
// privileged): without it the write fails with EACCES and create fails on this host.
import { defineRule } from '../../../../harness/config/rule.js';
import { processOf } from '../../util.js';

export default defineRule({
  id: 'host.oom-score-adj-negative',
  title: 'a negative oomScoreAdj can be written on this host',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.process.oomScoreAdj.set'],
  check(ctx) {
    const host = ctx.host;
    if (!host?.callerCapabilities || host.callerCapabilities.includes('CAP_SYS_RESOURCE')) return;
    const adj = processOf(ctx.value)?.oomScoreAdj;
    if (typeof adj !== 'number' || adj >= 0) return;
    const current = Number.parseInt(host.readFile?.('/proc/self/oom_score_adj')?.trim() ?? '0', 10);
    if (Number.isInteger(current) && adj >= current) return;
    ctx.report({
      pointer: '/process/oomScoreAdj',
      message: `create will fail on this host: oomScoreAdj ${adj} is below the caller's ${current} and the caller lacks CAP_SYS_RESOURCE (writing oom_score_adj: permission denied)`,
      expected: `>= ${current}, or run with CAP_SYS_RESOURCE`,
      actual: adj,
    });
  },
});
