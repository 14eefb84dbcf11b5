// A changeset has one entry per (normalised) path: "./a" and "a" are the same path.
import { defineImageRule } from '../../harness/image/rule.js';
import { reportProblems } from './layer-problems.js';

export default defineImageRule({
  id: 'image.layer.duplicates',
  title: 'no two layer entries name the same path',
  scope: 'layer',
  requirements: ['image.layer.no-duplicate-entries'],
  check(ctx) {
    reportProblems(ctx, {
      'duplicate-entry': {
        message: (p, d) => `expected one entry for ${JSON.stringify(p)} but found another (${d})`,
      },
    });
  },
});
