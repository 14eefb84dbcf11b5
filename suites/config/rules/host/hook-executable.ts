// Hooks run from the runtime namespace: their path must be an executable on this host, or the hook
// fails and the runtime stops the container (poststop: warns). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject } from '../../util.js';
import { HOOK_KINDS } from '../../data.js';

export default defineRule({
  id: 'host.hook-executable',
  title: 'hook paths are executables on this host',
  kinds: ['config'],
  needs: 'host',
  requirements: [],
  check(ctx) {
    const hooks = ctx.value?.hooks;
    const host = ctx.host;
    if (!host || !isObject(hooks)) return;
    for (const k of HOOK_KINDS) {
      // createContainer/startContainer paths resolve in the container's mount namespace
      if (k === 'createContainer' || k === 'startContainer') continue;
      const list = arr(hooks[k]);
      for (let i = 0; i < list.length; i++) {
        const h = list[i];
        if (
          !isObject(h) ||
          typeof h.path !== 'string' ||
          !h.path.startsWith('/') ||
          host.isExecutable(h.path)
        )
          continue;
        ctx.report({
          pointer: `/hooks/${k}/${i}/path`,
          level: 'hazard',
          message: host.exists(h.path)
            ? `hook ${h.path} exists on this host but is not an executable file`
            : `hook ${h.path} does not exist on this host`,
          actual: h.path,
        });
      }
    }
  },
});
