// Two linux.namespaces entries of the same type: the runtime MUST generate an error (config-linux.md).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.namespaces-duplicate',
  title: 'namespace types are unique',
  kinds: ['config'],
  requirements: ['config-linux.namespaces.duplicate-error'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.namespaces);
    for (let i = 1; i < list.length; i++) {
      const ns = list[i];
      if (!isObject(ns) || typeof ns.type !== 'string') continue;
      for (let j = 0; j < i; j++) {
        const o = list[j];
        if (!isObject(o) || o.type !== ns.type) continue;
        ctx.report({
          pointer: `/linux/namespaces/${i}/type`,
          message: `namespace type ${JSON.stringify(ns.type)} is already listed at /linux/namespaces/${j}: duplicate types make the runtime fail`,
          actual: ns.type,
        });
        break;
      }
    }
  },
});
