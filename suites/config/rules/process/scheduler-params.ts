// process.scheduler values the kernel's sched_setattr(2) accepts: nice in -20..19, a real-time priority
// 1..99 only for SCHED_FIFO/SCHED_RR (0 otherwise), and runtime <= deadline <= period for
// SCHED_DEADLINE. The spec defers to the kernel: each violation is a hazard (EINVAL at start).
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.scheduler-params',
  title: 'scheduler parameters fit the policy (sched_setattr rules)',
  kinds: ['config'],
  since: '1.1.0',
  requirements: ['config.process.scheduler.applied'],
  check(ctx) {
    const s = processOf(ctx.value)?.scheduler;
    if (!isObject(s) || typeof s.policy !== 'string') return;
    const base = '/process/scheduler';
    if (typeof s.nice === 'number' && (s.nice < -20 || s.nice > 19)) {
      ctx.report({
        pointer: `${base}/nice`,
        level: 'hazard',
        message: `expected nice within -20..19, found ${s.nice}`,
        expected: '-20..19',
        actual: s.nice,
      });
    }
    const rt = s.policy === 'SCHED_FIFO' || s.policy === 'SCHED_RR';
    if (typeof s.priority === 'number') {
      if (rt && (s.priority < 1 || s.priority > 99)) {
        ctx.report({
          pointer: `${base}/priority`,
          level: 'hazard',
          message: `expected priority within 1..99 for ${s.policy}, found ${s.priority}`,
          expected: '1..99',
          actual: s.priority,
        });
      } else if (!rt && s.priority !== 0) {
        ctx.report({
          pointer: `${base}/priority`,
          level: 'hazard',
          message: `expected priority 0 for ${s.policy} (only SCHED_FIFO and SCHED_RR take a priority), found ${s.priority}`,
          expected: 0,
          actual: s.priority,
        });
      }
    }
    if (s.policy === 'SCHED_DEADLINE') {
      const runtime = typeof s.runtime === 'number' ? s.runtime : 0;
      const deadline = typeof s.deadline === 'number' ? s.deadline : 0;
      const period = typeof s.period === 'number' && s.period !== 0 ? s.period : deadline;
      if (!(runtime <= deadline && deadline <= period) || runtime < 1024) {
        ctx.report({
          pointer: base,
          level: 'hazard',
          message: `expected 1024 <= runtime <= deadline <= period (ns) for SCHED_DEADLINE, found runtime ${runtime}, deadline ${deadline}, period ${period}`,
          expected: '1024 <= runtime <= deadline <= period',
          actual: { runtime, deadline, period },
        });
      }
    }
  },
});
