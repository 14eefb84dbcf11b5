// CFS and RT bandwidth values the kernel accepts: period within 1ms..1s, a positive quota of at least
// 1ms, and realtimeRuntime at most realtimePeriod. The spec defers to the cgroup: hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.cpu-bandwidth',
  title: 'cpu period/quota and realtime runtime/period are in the kernel ranges',
  kinds: ['config'],
  requirements: ['config-linux.resources.cpu.period', 'config-linux.resources.cpu.quota'],
  check(ctx) {
    const cpu = linuxOf(ctx.value)?.resources?.cpu;
    if (!isObject(cpu)) return;
    const base = '/linux/resources/cpu';
    if (typeof cpu.period === 'number' && cpu.period !== 0 && (cpu.period < 1000 || cpu.period > 1000000)) {
      ctx.report({
        pointer: `${base}/period`,
        level: 'hazard',
        message: `expected a cpu period within 1000..1000000 µs, found ${cpu.period}`,
        expected: '1000..1000000',
        actual: cpu.period,
      });
    }
    if (typeof cpu.quota === 'number' && cpu.quota > 0 && cpu.quota < 1000) {
      ctx.report({
        pointer: `${base}/quota`,
        requirements: ['config-linux.resources.cpu.quota'],
        level: 'hazard',
        message: `expected a cpu quota of at least 1000 µs (or -1 for no limit), found ${cpu.quota}`,
        expected: '>= 1000 or -1',
        actual: cpu.quota,
      });
    }
    if (
      typeof cpu.realtimeRuntime === 'number' &&
      typeof cpu.realtimePeriod === 'number' &&
      cpu.realtimeRuntime > cpu.realtimePeriod
    ) {
      ctx.report({
        pointer: `${base}/realtimeRuntime`,
        requirements: ['config-linux.resources.cpu.realtimeRuntime'],
        level: 'hazard',
        message: `realtimeRuntime ${cpu.realtimeRuntime} is above realtimePeriod ${cpu.realtimePeriod}`,
        expected: `<= ${cpu.realtimePeriod}`,
        actual: cpu.realtimeRuntime,
      });
    }
  },
});
