// linux.resources.unified keys name files of the container's cgroup v2 directory, "<controller>.<file>"
// (e.g. memory.high), with no '/' and not '.' or '..'. Setting a controller both here and through the
// v1-style fields makes the result depend on the runtime's order. Hazard. 1.1.0+.
import { defineRule } from '../../rule.js';
import { isObject, linuxOf, tok } from '../../util.js';

const V1_FIELD_FOR_CONTROLLER: Record<string, string> = {
  memory: 'memory',
  cpu: 'cpu',
  cpuset: 'cpu',
  io: 'blockIO',
  pids: 'pids',
  hugetlb: 'hugepageLimits',
  rdma: 'rdma',
};

export default defineRule({
  id: 'config.linux.resources.unified-keys',
  title: 'unified keys are cgroup v2 file names, not also set through v1 fields',
  kinds: ['config'],
  since: '1.1.0',
  requirements: ['config-linux.unified.keys-written'],
  check(ctx) {
    const res = linuxOf(ctx.value)?.resources;
    if (!isObject(res) || !isObject(res.unified)) return;
    for (const key in res.unified) {
      const pointer = `/linux/resources/unified/${tok(key)}`;
      if (!/^[a-z0-9_]+\.[A-Za-z0-9_.]+$/.test(key)) {
        ctx.report({
          pointer,
          atKey: true,
          level: 'hazard',
          message: `expected a cgroup v2 file name like memory.high as a unified key, found ${JSON.stringify(key)}`,
          actual: key,
        });
        continue;
      }
      const controller = key.slice(0, key.indexOf('.'));
      const v1 = V1_FIELD_FOR_CONTROLLER[controller];
      if (v1 !== undefined && res[v1] !== undefined) {
        ctx.report({
          pointer,
          atKey: true,
          level: 'hazard',
          message: `unified key ${key} sets the ${controller} controller that linux.resources.${v1} also sets: the result depends on the runtime's order`,
          actual: key,
        });
      }
    }
  },
});
