// Kernel rules for uid_map/gid_map (user_namespaces(7)): ranges must not overlap on either side, size
// must be positive, and the kernel caps the number of lines (340 since Linux 4.15). Hazard.
import { defineRule, type RuleContext } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

const MAX_LINES = 340;

function checkList(ctx: RuleContext, list: readonly any[], base: string): void {
  if (list.length > MAX_LINES) {
    ctx.report({
      pointer: base,
      requirements: ['config-linux.idmappings.kernel-limit'],
      level: 'hazard',
      message: `expected at most ${MAX_LINES} mapping entries (the kernel's limit), found ${list.length}`,
    });
  }
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (!isObject(m) || typeof m.size !== 'number') continue;
    if (m.size <= 0) {
      ctx.report({
        pointer: `${base}/${i}/size`,
        level: 'hazard',
        message: `expected a mapping size above 0, found ${m.size}`,
        actual: m.size,
      });
      continue;
    }
    for (let j = 0; j < i; j++) {
      const o = list[j];
      if (!isObject(o) || typeof o.size !== 'number' || o.size <= 0) continue;
      for (const side of ['containerID', 'hostID'] as const) {
        const a = m[side];
        const b = o[side];
        if (typeof a !== 'number' || typeof b !== 'number') continue;
        if (a < b + o.size && b < a + m.size) {
          ctx.report({
            pointer: `${base}/${i}/${side}`,
            level: 'hazard',
            message: `${side} range ${a}..${a + m.size - 1} overlaps entry ${j} (${b}..${b + o.size - 1}): the kernel rejects overlapping mappings`,
            actual: { start: a, size: m.size },
          });
        }
      }
    }
  }
}

export default defineRule({
  id: 'config.linux.mappings-valid',
  title: 'uid/gid mappings do not overlap and fit the kernel limits',
  kinds: ['config'],
  requirements: ['config-linux.idmappings.applied', 'config-linux.idmappings.kernel-limit'],
  check(ctx) {
    const linux = linuxOf(ctx.value);
    if (!linux) return;
    checkList(ctx, arr(linux.uidMappings), '/linux/uidMappings');
    checkList(ctx, arr(linux.gidMappings), '/linux/gidMappings');
  },
});
