// schemaVersion of an index or a manifest is 2.
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.schema-version',
  title: 'schemaVersion is 2',
  scope: 'document',
  kinds: ['index', 'manifest'],
  requirements: ['image.index.schema-version', 'image.manifest.schema-version'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || !('schemaVersion' in v)) return; // schema reports the missing member
    if (v.schemaVersion !== 2) {
      ctx.report({
        pointer: '/schemaVersion',
        requirements: [ctx.kind === 'index' ? 'image.index.schema-version' : 'image.manifest.schema-version'],
        message: `expected schemaVersion 2 but found ${ctx.doc.rawNumber('/schemaVersion') ?? JSON.stringify(v.schemaVersion)}`,
        expected: 2,
        actual: v.schemaVersion,
      });
    }
  },
});
