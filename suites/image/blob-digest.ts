// The blob hashes to the descriptor's digest (sha256, sha512); other algorithms are not verified.
import { parseDigest, verifiable } from '../../harness/image/digest.js';
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.descriptor.digest-match',
  title: 'blob content hashes to the descriptor digest',
  scope: 'blob',
  requirements: ['image.descriptor.digest-match', 'image.layout.blob-content-matches-path'],
  check(ctx) {
    if (ctx.tooLargeToParse) return; // checked when the blob is streamed
    if (!ctx.blob || ctx.blob.notFile) return;
    const digest = ctx.descriptor.value?.digest;
    if (typeof digest !== 'string') return;
    const p = parseDigest(digest);
    if (!verifiable(p)) return; // digest-encoding reports unknown algorithms and bad encodings
    if (ctx.computedDigest === undefined) {
      ctx.report({
        pointer: `${ctx.descriptor.pointer}/digest`,
        level: 'info',
        message: `content of ${ctx.blob.path} could not be read to the end: digest not verified`,
      });
      return;
    }
    if (ctx.computedDigest !== digest)
      ctx.report({
        pointer: `${ctx.descriptor.pointer}/digest`,
        message: `expected ${ctx.blob.path} to hash to ${digest} but it hashes to ${ctx.computedDigest}`,
        expected: digest,
        actual: ctx.computedDigest,
      });
  },
});
