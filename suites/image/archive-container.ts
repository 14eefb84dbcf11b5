// An oci-archive reads to its end and holds each path once.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layout.archive',
  title: 'an oci-archive is a complete tar holding each path once',
  scope: 'layout',
  requirements: ['image.layout.index-file', 'image.layout.blob-content-matches-path'],
  check(ctx) {
    if (ctx.container !== 'archive') return;
    if (ctx.containerError)
      ctx.report({
        requirements: ['image.layout.index-file'],
        message: `expected a complete tar archive but ${ctx.containerError.message} at byte ${ctx.containerError.offset}`,
      });
    for (const p of ctx.duplicateEntries)
      ctx.report({
        path: p,
        requirements: ['image.layout.blob-content-matches-path'],
        level: 'should',
        message: `expected one archive entry for ${p} but found several (readers disagree on which one wins)`,
      });
  },
});
