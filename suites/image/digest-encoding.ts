// Every descriptor digest uses its registered algorithm's exact encoding; unknown algorithms that fit
// the grammar are reported as not verified.
import { parseDigest, registeredAlgorithms } from '../../harness/image/digest.js';
import { defineImageRule, descriptorsOf, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.descriptor.digest-encoding',
  title: 'descriptor digests use the exact encoding of a registered algorithm',
  scope: 'document',
  kinds: ['index', 'manifest'],
  requirements: ['image.descriptor.digest-encoding', 'image.descriptor.unknown-algorithm'],
  check(ctx) {
    for (const d of descriptorsOf(ctx.value)) {
      if (!isObject(d.value) || typeof d.value.digest !== 'string') continue;
      const p = parseDigest(d.value.digest);
      if (!p.grammar) continue; // schema pattern
      const pointer = `${d.pointer}/digest`;
      if (p.registered && !p.encodingOk) {
        ctx.report({
          pointer,
          requirements: ['image.descriptor.digest-encoding'],
          message: `expected ${p.algorithm} encoded as ${registeredAlgorithms[p.algorithm]!.encoded.source} but found ${JSON.stringify(p.encoded)}`,
          actual: d.value.digest,
        });
      } else if (!p.registered) {
        ctx.report({
          pointer,
          requirements: ['image.descriptor.unknown-algorithm'],
          level: 'info',
          message: `algorithm ${p.algorithm} is not registered: content not verified`,
          actual: d.value.digest,
        });
      }
    }
  },
});
