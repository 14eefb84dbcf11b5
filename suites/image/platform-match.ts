// The platform of the index entry that points at an image agrees with that image's config.
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.platform.matches-config',
  title: 'an index entry platform agrees with the image config',
  scope: 'image',
  requirements: ['image.index.platform-matches-config'],
  check(ctx) {
    const p = ctx.entry?.value?.platform;
    const c = ctx.config?.value;
    if (!isObject(p) || !isObject(c) || !ctx.entry) return;
    for (const k of ['os', 'architecture', 'variant', 'os.version'] as const) {
      // SPEC: a field the config leaves out is not a disagreement (variant is often only on the entry).
      if (c[k] === undefined || c[k] === null) continue;
      if (p[k] !== c[k])
        ctx.report({
          doc: ctx.entry.doc,
          pointer: `${ctx.entry.pointer}/platform/${k}`,
          message: `expected platform.${k} ${JSON.stringify(c[k])} as the config ${ctx.config!.doc.file} says but found ${JSON.stringify(p[k])}`,
          expected: c[k],
          actual: p[k],
        });
    }
  },
});
