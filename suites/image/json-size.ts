// JSON documents (indexes, manifests, configs) are small enough to parse: we read at most 4 MiB.
import { maxJsonBytes } from '../../harness/image/source.js';
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.blob.json-size',
  title: 'JSON documents are small enough to be parsed',
  scope: 'blob',
  requirements: ['image.media-types.json-utf8'],
  check(ctx) {
    if (!ctx.tooLargeToParse || !ctx.blob) return;
    ctx.report({
      pointer: `${ctx.descriptor.pointer}/size`,
      // SPEC: the spec sets no size limit; registries commonly refuse manifests over 4 MiB, and we
      // bound memory the same way, so the document is reported as not checked rather than invalid.
      level: 'hazard',
      message: `expected a JSON document of at most ${maxJsonBytes} bytes but ${ctx.blob.path} has ${ctx.blob.size}: not parsed`,
      actual: ctx.blob.size,
    });
  },
});
