// The blob is exactly as long as the descriptor's size.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.descriptor.size-match',
  title: 'blob length equals the descriptor size',
  scope: 'blob',
  requirements: ['image.descriptor.size-match'],
  check(ctx) {
    if (ctx.tooLargeToParse) return; // checked when the blob is streamed
    if (!ctx.blob || ctx.blob.notFile) return;
    const size = ctx.descriptor.value?.size;
    if (typeof size !== 'number') return;
    const actual = ctx.readSize ?? ctx.blob.size;
    if (actual !== size)
      ctx.report({
        pointer: `${ctx.descriptor.pointer}/size`,
        message: `expected ${ctx.blob.path} to be ${size} bytes but it is ${actual}`,
        expected: size,
        actual,
      });
  },
});
