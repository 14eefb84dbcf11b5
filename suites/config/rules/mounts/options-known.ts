// Linux mount options outside the spec's table and without '=' are passed to the filesystem as data;
// a typo of a known option (e.g. 'nosiud') then does nothing or fails the mount: warn as a hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { COMMON_FS_FLAG_OPTIONS, LINUX_MOUNT_OPTIONS } from '../../data.js';
import { arr, isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'config.mounts.options-known',
  title: "Linux mount options are the spec's options or filesystem data",
  kinds: ['config'],
  requirements: ['config.mounts.unknown-options-as-data'],
  check(ctx) {
    const mounts = arr(ctx.value?.mounts);
    if (mounts.length === 0 || targetOs(ctx.value) !== 'linux') return;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m)) continue;
      const opts = arr(m.options);
      for (let j = 0; j < opts.length; j++) {
        const o = opts[j];
        if (typeof o !== 'string' || LINUX_MOUNT_OPTIONS.has(o) || o.includes('=')) continue;
        if (COMMON_FS_FLAG_OPTIONS.has(o)) continue;
        ctx.report({
          pointer: `/mounts/${i}/options/${j}`,
          level: 'hazard',
          message: `mount option ${JSON.stringify(o)} is not a known Linux mount option and will be passed to the filesystem as data`,
          actual: o,
        });
      }
    }
  },
});
