// On Windows, one mount destination MUST NOT be nested within another (config.md "Mounts").
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, targetOs } from '../../util.js';

function norm(p: string): string {
  return p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}

export default defineRule({
  id: 'config.windows.mount-nesting',
  title: 'Windows mount destinations are not nested',
  kinds: ['config'],
  requirements: ['config.mounts.destination-windows-no-nesting'],
  check(ctx) {
    const mounts = arr(ctx.value?.mounts);
    if (mounts.length < 2 || targetOs(ctx.value) !== 'windows') return;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m) || typeof m.destination !== 'string') continue;
      const a = norm(m.destination);
      for (let j = 0; j < mounts.length; j++) {
        const o = mounts[j];
        if (j === i || !isObject(o) || typeof o.destination !== 'string') continue;
        const b = norm(o.destination);
        if (a.startsWith(b + '\\')) {
          ctx.report({
            pointer: `/mounts/${i}/destination`,
            message: `mount destination ${m.destination} is nested within /mounts/${j} (${o.destination})`,
            actual: m.destination,
          });
          break;
        }
      }
    }
  },
});
