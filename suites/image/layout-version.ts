// oci-layout names the layout version this spec defines.
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layout.version',
  title: 'oci-layout imageLayoutVersion is 1.0.0',
  scope: 'document',
  kinds: ['layout'],
  requirements: ['image.layout.oci-layout-file'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || typeof v.imageLayoutVersion !== 'string') return; // schema
    // SPEC: every image-spec release so far defines layout version 1.0.0; another value is a layout
    // this tool (and the spec text) does not describe.
    if (v.imageLayoutVersion !== '1.0.0') {
      ctx.report({
        pointer: '/imageLayoutVersion',
        message: `expected imageLayoutVersion "1.0.0" but found ${JSON.stringify(v.imageLayoutVersion)}`,
        expected: '1.0.0',
        actual: v.imageLayoutVersion,
      });
    }
  },
});
