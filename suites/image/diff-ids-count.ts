// An image config has one diff_id per manifest layer (umoci and crane index without a bounds check).
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.diff-ids-count',
  title: 'rootfs.diff_ids has one entry per manifest layer',
  scope: 'image',
  requirements: ['image.manifest.diff-ids-count'],
  check(ctx) {
    const layers = ctx.manifest.value?.layers;
    const ids = ctx.config?.value?.rootfs?.diff_ids;
    if (!Array.isArray(layers) || !Array.isArray(ids) || !isObject(ctx.config?.value)) return;
    if (layers.length !== ids.length) {
      ctx.report({
        doc: ctx.config!.doc,
        pointer: '/rootfs/diff_ids',
        message: `expected ${layers.length} diff_ids (one per layer of ${ctx.manifest.doc.file}) but found ${ids.length}`,
        expected: layers.length,
        actual: ids.length,
      });
    }
  },
});
