// CVE-2021-41190: a document is either an index or a manifest, never both, and its mediaType
// agrees with the descriptor that points at it.
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.unambiguous',
  title: 'manifests and indexes are unambiguous (CVE-2021-41190)',
  scope: 'document',
  kinds: ['index', 'manifest'],
  requirements: [
    'image.manifest.unambiguous',
    'image.index.unambiguous',
    'image.media-types.descriptor-agrees',
  ],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v)) return;
    if (ctx.kind === 'manifest' && 'manifests' in v) {
      ctx.report({
        pointer: '/manifests',
        atKey: true,
        requirements: ['image.manifest.unambiguous'],
        message:
          'expected a manifest without a manifests member but found one (the document is also an index)',
      });
    }
    if (ctx.kind === 'index') {
      for (const k of ['config', 'layers']) {
        if (k in v)
          ctx.report({
            pointer: `/${k}`,
            atKey: true,
            requirements: ['image.index.unambiguous'],
            message: `expected an index without a ${k} member but found one (the document is also a manifest)`,
          });
      }
    }
    const d = ctx.descriptor?.value;
    if (
      (ctx.kind === 'index' || ctx.kind === 'manifest') &&
      isObject(d) &&
      typeof v.mediaType === 'string' &&
      v.mediaType !== d.mediaType
    ) {
      ctx.report({
        pointer: '/mediaType',
        requirements: [
          ctx.kind === 'index' ? 'image.index.unambiguous' : 'image.manifest.unambiguous',
          'image.media-types.descriptor-agrees',
        ],
        message: `expected mediaType ${JSON.stringify(d.mediaType)} as the descriptor in ${ctx.descriptor!.doc.file} says but found ${JSON.stringify(v.mediaType)}`,
        expected: d.mediaType,
        actual: v.mediaType,
      });
    }
  },
});
