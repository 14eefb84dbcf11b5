// A namespace type the kernel does not offer (no /proc/self/ns entry: time before 5.6, cgroup before
// 4.6, or configured out) cannot be created or joined: clone/unshare/setns fail with EINVAL and create
// fails on this host.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'host.namespaces-kernel',
  title: 'namespace types are ones this host kernel offers',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.valid-values.error'],
  check(ctx) {
    const kernel = ctx.host?.namespaces;
    const list = arr(linuxOf(ctx.value)?.namespaces);
    if (!kernel || kernel.length === 0) return;
    const have = new Set(kernel);
    for (let i = 0; i < list.length; i++) {
      const ns = list[i];
      if (!isObject(ns) || typeof ns.type !== 'string' || have.has(ns.type)) continue;
      ctx.report({
        pointer: `/linux/namespaces/${i}/type`,
        message: `create will fail on this host: the kernel has no ${ns.type} namespace (/proc/self/ns offers ${kernel.join(', ')})`,
        expected: kernel,
        actual: ns.type,
      });
    }
  },
});
