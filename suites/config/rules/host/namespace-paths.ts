// A namespace joined by path needs that path on this host (/proc/<pid>/ns/<type> or a bind mount of
// it); a missing one makes the runtime fail. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'host.namespace-paths',
  title: 'namespace paths exist on this host',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config-linux.namespaces.path-join'],
  why: "path-join's MUST binds the runtime when the path is there. A path missing on the machine that runs validate may exist on the one that runs the container, or appear before create (a pod's namespaces): a hazard, not a violation.",
  check(ctx) {
    const host = ctx.host;
    const list = arr(linuxOf(ctx.value)?.namespaces);
    if (!host) return;
    for (let i = 0; i < list.length; i++) {
      const ns = list[i];
      if (!isObject(ns) || typeof ns.path !== 'string' || !ns.path.startsWith('/') || host.exists(ns.path))
        continue;
      ctx.report({
        pointer: `/linux/namespaces/${i}/path`,
        level: 'hazard',
        message: `namespace path ${ns.path} does not exist on this host`,
        actual: ns.path,
      });
    }
  },
});
