// Across the layers of an image: a whiteout for a path no lower layer has (it hides nothing: a sign the
// layer was built against other lower layers), an opaque whiteout over a directory no lower layer fills,
// and entries written under a directory a lower layer made a symlink (extractors differ: some follow the
// link, some replace it). None breaks a sentence of layer.md on its own: hazards and notes.
import { defineImageRule } from '../../harness/image/rule.js';
import type { StackProblemCode } from '../../harness/image/layer-stack.js';
import type { FindingLevel } from '../../model/report.js';
import type { RequirementId } from '../../requirements/index.js';

const spec: Record<
  StackProblemCode,
  { requirements: RequirementId[]; level: FindingLevel; message: (p: string, d: string) => string }
> = {
  'whiteout-no-lower': {
    requirements: ['image.layer.whiteout-lower-only'],
    level: 'hazard',
    message: (p, d) =>
      `expected whiteout ${JSON.stringify(p)} to hide a path of a lower layer but no lower layer has ${JSON.stringify(d)}`,
  },
  'opaque-hides-nothing': {
    requirements: ['image.layer.opaque-whiteout'],
    level: 'info',
    message: (p, d) =>
      `opaque whiteout ${JSON.stringify(p)} hides nothing: no lower layer has entries under ${JSON.stringify(d || '/')}`,
  },
  'through-lower-symlink': {
    requirements: ['image.layer.relative-paths'],
    level: 'hazard',
    message: (p, d) =>
      `expected ${JSON.stringify(p)} to be written into a directory but a lower layer made its parent a symlink: ${d}`,
  },
};

export default defineImageRule({
  id: 'image.layers.across',
  title: 'whiteouts and paths agree with the layers below them',
  scope: 'stack',
  requirements: [
    'image.layer.whiteout-lower-only',
    'image.layer.opaque-whiteout',
    'image.layer.relative-paths',
  ],
  check(ctx) {
    for (const p of ctx.problems) {
      const s = spec[p.code];
      ctx.report({
        layer: p.layer,
        path: p.path,
        offset: p.offset,
        requirements: s.requirements,
        level: s.level,
        message: s.message(p.path, p.detail ?? ''),
        ...(p.detail !== undefined ? { actual: p.detail } : {}),
      });
    }
    for (const code of Object.keys(spec) as StackProblemCode[]) {
      const total = ctx.counts[code] ?? 0;
      const kept = ctx.problems.filter((p) => p.code === code).length;
      if (total > kept)
        ctx.report({
          pointer: '/layers',
          requirements: spec[code].requirements,
          level: spec[code].level,
          message: `${total - kept} more entries with the same problem (${code}) not listed`,
        });
    }
  },
});
