// Embedded data is padded RFC 4648 base64 and decodes to exactly the content the descriptor names.
import { digestOf, parseDigest, verifiable } from '../../harness/image/digest.js';
import { defineImageRule, descriptorsOf, isObject } from '../../harness/image/rule.js';

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export default defineImageRule({
  id: 'image.descriptor.data',
  title: 'embedded data is base64 and equals the referenced content',
  scope: 'document',
  kinds: ['index', 'manifest'],
  since: '1.1.0',
  requirements: ['image.descriptor.data-base64', 'image.descriptor.data-match'],
  check(ctx) {
    for (const d of descriptorsOf(ctx.value)) {
      const v = d.value;
      if (!isObject(v) || typeof v.data !== 'string') continue;
      const pointer = `${d.pointer}/data`;
      if (!base64.test(v.data)) {
        ctx.report({
          pointer,
          requirements: ['image.descriptor.data-base64'],
          message: 'expected padded RFC 4648 base64 but found other characters or missing padding',
        });
        continue;
      }
      const bytes = Buffer.from(v.data, 'base64');
      if (typeof v.size === 'number' && bytes.length !== v.size) {
        ctx.report({
          pointer,
          requirements: ['image.descriptor.data-match'],
          message: `expected data of ${v.size} bytes (size) but it decodes to ${bytes.length}`,
          expected: v.size,
          actual: bytes.length,
        });
      }
      if (typeof v.digest === 'string') {
        const p = parseDigest(v.digest);
        if (verifiable(p)) {
          const got = digestOf(bytes, p.algorithm);
          if (got !== v.digest)
            ctx.report({
              pointer,
              requirements: ['image.descriptor.data-match'],
              message: `expected data hashing to ${v.digest} but it hashes to ${got}`,
              expected: v.digest,
              actual: got,
            });
        }
      }
    }
  },
});
