// The layer's magic bytes agree with the compression its media type declares.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layer.compression',
  title: 'layer compression matches its media type',
  scope: 'layer',
  requirements: ['image.layer.compression-matches-media-type'],
  check(ctx) {
    const { declared, detected } = ctx.scan;
    if (declared === undefined || ctx.scan.compressedSize === 0) return;
    if (declared !== detected)
      ctx.report({
        doc: ctx.descriptor.doc,
        pointer: `${ctx.descriptor.pointer}/mediaType`,
        message: `expected ${declared === 'none' ? 'an uncompressed tar' : declared + ' data'} as ${ctx.descriptor.value.mediaType} says but the magic bytes show ${detected === 'none' ? 'no compression' : detected}`,
        expected: declared,
        actual: detected,
      });
  },
});
