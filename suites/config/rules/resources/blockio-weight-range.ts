// blkio weights the kernel accepts are 10..1000 (cgroup v1 blkio.weight, BFQ); the spec removed its own
// range in 1.0.0-rc6 and defers to the kernel: hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.resources.blockio-weight-range',
  title: 'blockIO weights are within 10..1000',
  kinds: ['config'],
  requirements: ['config-linux.resources.blockIO.weight'],
  check(ctx) {
    const b = linuxOf(ctx.value)?.resources?.blockIO;
    if (!isObject(b)) return;
    const check = (v: unknown, pointer: string): void => {
      // SPEC: 0 is read as "unset" by runc and crun, so it is not reported.
      if (typeof v !== 'number' || v === 0 || (v >= 10 && v <= 1000)) return;
      ctx.report({
        pointer,
        level: 'hazard',
        message: `expected a block I/O weight within 10..1000, found ${v}`,
        expected: '10..1000',
        actual: v,
      });
    };
    check(b.weight, '/linux/resources/blockIO/weight');
    check(b.leafWeight, '/linux/resources/blockIO/leafWeight');
    const list = arr(b.weightDevice);
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!isObject(d)) continue;
      check(d.weight, `/linux/resources/blockIO/weightDevice/${i}/weight`);
      check(d.leafWeight, `/linux/resources/blockIO/weightDevice/${i}/leafWeight`);
    }
  },
});
