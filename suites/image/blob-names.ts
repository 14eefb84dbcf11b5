// Files under blobs/ are named blobs/<alg>/<encoded> following the digest grammar.
import { parseDigest, registeredAlgorithms } from '../../harness/image/digest.js';
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layout.blob-names',
  title: 'blobs are named blobs/<alg>/<encoded> by the digest grammar',
  scope: 'layout',
  requirements: ['image.layout.blob-path-grammar'],
  check(ctx) {
    for (const b of ctx.blobs.values()) {
      const parts = b.path.split('/');
      if (parts.length !== 3) {
        ctx.report({ path: b.path, message: `expected blobs/<alg>/<encoded> but found ${b.path}` });
        continue;
      }
      const d = parseDigest(`${parts[1]}:${parts[2]}`);
      if (!d.grammar)
        ctx.report({
          path: b.path,
          message: `expected <alg>/<encoded> to follow the digest grammar but found ${parts[1]}/${parts[2]}`,
        });
      else if (d.registered && !d.encodingOk)
        ctx.report({
          path: b.path,
          message: `expected ${d.algorithm} names encoded as ${registeredAlgorithms[d.algorithm]!.encoded.source} but found ${parts[2]}`,
        });
    }
  },
});
