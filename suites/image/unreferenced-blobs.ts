// Blobs nothing references are allowed (a warning helps find leftovers), and their content still
// matches their path.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layout.unreferenced-blobs',
  title: 'unreferenced blobs are reported and still match their path',
  scope: 'layout',
  requirements: ['image.layout.unreferenced-blobs', 'image.layout.blob-content-matches-path'],
  check(ctx) {
    for (const b of ctx.blobs.values()) {
      if (ctx.referenced.has(b.path) || b.notFile) continue;
      ctx.report({
        path: b.path,
        requirements: ['image.layout.unreferenced-blobs'],
        // SPEC: a MAY in the spec; reported as a warning-level hazard so leftovers are visible.
        level: 'hazard',
        message: `blob ${b.path} is not referenced from index.json`,
      });
      const got = ctx.unreferencedDigests.get(b.path);
      const want = b.path.split('/').slice(1).join(':');
      if (got !== undefined && got !== want)
        ctx.report({
          path: b.path,
          requirements: ['image.layout.blob-content-matches-path'],
          message: `expected ${b.path} to hash to ${want} but it hashes to ${got}`,
          expected: want,
          actual: got,
        });
    }
  },
});
