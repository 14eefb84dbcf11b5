// linux.timeOffsets: the time namespace only offsets the monotonic and boottime clocks
// (/proc/<pid>/timens_offsets), and nanosecs must stay below one second; the kernel rejects anything
// else (EINVAL) at create. Hazard. 1.1.0+.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf, tok } from '../../util.js';

export default defineRule({
  id: 'config.linux.time-offsets-clocks',
  title: 'timeOffsets name monotonic or boottime, with nanosecs below 1e9',
  kinds: ['config'],
  since: '1.1.0',
  requirements: ['config-linux.timeOffsets.applied'],
  check(ctx) {
    const t = linuxOf(ctx.value)?.timeOffsets;
    if (!isObject(t)) return;
    for (const clock in t) {
      const pointer = `/linux/timeOffsets/${tok(clock)}`;
      if (clock !== 'monotonic' && clock !== 'boottime') {
        ctx.report({
          pointer,
          atKey: true,
          level: 'hazard',
          message: `time namespaces offset only the monotonic and boottime clocks, found ${JSON.stringify(clock)}`,
          expected: ['monotonic', 'boottime'],
          actual: clock,
        });
        continue;
      }
      const o = t[clock];
      if (isObject(o) && typeof o.nanosecs === 'number' && o.nanosecs >= 1e9) {
        ctx.report({
          pointer: `${pointer}/nanosecs`,
          level: 'hazard',
          message: `expected nanosecs below 1000000000 (carry whole seconds into secs), found ${o.nanosecs}`,
          expected: '< 1000000000',
          actual: o.nanosecs,
        });
      }
    }
  },
});
