// A referenced blob is in the layout (a sparse layout MAY lack it: --sparse makes this a SHOULD).
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.blob.present',
  title: 'referenced blobs are present in the layout',
  scope: 'blob',
  requirements: ['image.layout.referenced-blobs-present'],
  check(ctx) {
    if (ctx.tooLargeToParse) return; // checked when the blob is streamed
    if (ctx.blob && !ctx.blob.notFile) return;
    const path = ctx.descriptor.blobPath ?? String(ctx.descriptor.value?.digest);
    ctx.report({
      pointer: `${ctx.descriptor.pointer}/digest`,
      // SPEC: a layout is taken as complete unless --sparse says it is not (image-layout.md allows
      // sparse layouts but cannot tell them apart); the missing blob is then an error.
      level: ctx.sparse ? 'should' : 'must',
      message: ctx.blob?.notFile
        ? `expected ${path} to be a regular file but it is not`
        : `expected blob ${path} in the layout but it is missing`,
    });
  },
});
