// The history entries that are not empty_layer correspond one to one with the layers.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.config.history-count',
  title: 'non-empty history entries match the layers',
  scope: 'image',
  requirements: ['image.config.history-empty-layers'],
  check(ctx) {
    const h = ctx.config?.value?.history;
    const layers = ctx.manifest.value?.layers;
    if (!Array.isArray(h) || h.length === 0 || !Array.isArray(layers)) return;
    const n = h.filter((e: any) => !(e && e.empty_layer === true)).length;
    if (n !== layers.length)
      ctx.report({
        doc: ctx.config!.doc,
        pointer: '/history',
        level: 'should',
        message: `expected ${layers.length} history entries without empty_layer (one per layer) but found ${n}`,
        expected: layers.length,
        actual: n,
      });
  },
});
