// linux.resources.unified keys name files of the container's cgroup v2 directory, "<controller>.<file>"
// (e.g. memory.high), with no '/' and not '.' or '..'. Setting a file both here and through the v1-style
// field a runtime converts into it makes the result depend on the runtime's order. Hazard. 1.1.0+.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf, tok } from '../../util.js';

/**
 * cgroup v2 files that runtimes also write when converting v1-style fields, with those fields
 * (paths under linux.resources). Only a real overlap is reported (memory.oom.group, say, has none).
 */
const V1_FIELDS_FOR_FILE: Record<string, readonly (readonly string[])[]> = {
  'memory.max': [['memory', 'limit']],
  'memory.low': [['memory', 'reservation']],
  'memory.swap.max': [['memory', 'swap']],
  'cpu.max': [
    ['cpu', 'quota'],
    ['cpu', 'period'],
  ],
  'cpu.weight': [['cpu', 'shares']],
  'cpu.idle': [['cpu', 'idle']],
  'cpu.max.burst': [['cpu', 'burst']],
  'cpuset.cpus': [['cpu', 'cpus']],
  'cpuset.mems': [['cpu', 'mems']],
  'pids.max': [['pids', 'limit']],
  'io.weight': [['blockIO', 'weight']],
  'io.bfq.weight': [['blockIO', 'weight']],
  'io.max': [
    ['blockIO', 'throttleReadBpsDevice'],
    ['blockIO', 'throttleWriteBpsDevice'],
    ['blockIO', 'throttleReadIOPSDevice'],
    ['blockIO', 'throttleWriteIOPSDevice'],
  ],
  'rdma.max': [['rdma']],
};

function overlap(res: Record<string, any>, key: string): string | undefined {
  const paths = V1_FIELDS_FOR_FILE[key];
  if (paths === undefined) {
    // hugetlb.<size>.max: hugepageLimits of that size
    const m = /^hugetlb\.([0-9]+[KMGTPE]?B)\.max$/.exec(key);
    if (m && Array.isArray(res.hugepageLimits) && res.hugepageLimits.some((h: any) => h?.pageSize === m[1]))
      return 'hugepageLimits';
    return undefined;
  }
  for (const p of paths) {
    let o: any = res;
    for (const k of p) o = isObject(o) ? o[k] : undefined;
    if (o !== undefined) return p.join('.');
  }
  return undefined;
}

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
      const v1 = overlap(res, key);
      if (v1 === undefined) continue;
      ctx.report({
        pointer,
        atKey: true,
        level: 'hazard',
        message: `unified key ${key} writes the file that linux.resources.${v1} also sets: the result depends on the runtime's order`,
        actual: key,
      });
    }
  },
});
