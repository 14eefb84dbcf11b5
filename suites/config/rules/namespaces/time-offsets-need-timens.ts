// linux.timeOffsets are written to a new time namespace; without one they cannot apply (the runtime's
// own clocks are not shifted). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { createsNamespace, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.time-offsets-need-timens',
  title: 'timeOffsets come with a new time namespace',
  kinds: ['config'],
  since: '1.1.0',
  requirements: ['config-linux.timeOffsets.applied'],
  check(ctx) {
    const linux = linuxOf(ctx.value);
    if (!linux || !isObject(linux.timeOffsets) || createsNamespace(ctx.value, 'time')) return;
    ctx.report({
      pointer: '/linux/timeOffsets',
      atKey: true,
      level: 'hazard',
      message:
        "timeOffsets is set but linux.namespaces creates no 'time' namespace: offsets can only be set on a new time namespace",
      expected: "a linux.namespaces entry of type 'time' without a path",
    });
  },
});
