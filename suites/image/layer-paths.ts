// Entry paths stay inside the root: no absolute names, no "..", no writes through symlinks,
// no links that lead out.
import { defineImageRule } from '../../harness/image/rule.js';
import { reportProblems } from './layer-problems.js';

export default defineImageRule({
  id: 'image.layer.paths',
  title: 'layer entries stay inside the root filesystem',
  scope: 'layer',
  requirements: ['image.layer.relative-paths'],
  check(ctx) {
    reportProblems(ctx, {
      'absolute-path': { message: (p) => `expected a relative entry name but found ${JSON.stringify(p)}` },
      'escapes-root': {
        level: 'must',
        message: (p) => `expected a name inside the root but ${JSON.stringify(p)} climbs above it`,
      },
      'dotdot-path': {
        message: (p) => `expected a name without ".." components but found ${JSON.stringify(p)}`,
      },
      'through-symlink': {
        level: 'must',
        message: (p, d) =>
          `expected ${JSON.stringify(p)} not to be written through a symlink of the same layer but ${d}`,
      },
      'symlink-escapes': {
        message: (p, d) =>
          `expected symlink ${JSON.stringify(p)} to point inside the root but its target ${JSON.stringify(d)} climbs above it`,
      },
      'hardlink-escapes': {
        level: 'must',
        message: (p, d) =>
          `expected hard link ${JSON.stringify(p)} to name a path inside the root but found ${JSON.stringify(d)}`,
      },
      'root-not-directory': {
        level: 'must',
        message: (p, d) => `expected the root entry ${JSON.stringify(p)} to be a directory but it is a ${d}`,
      },
    });
  },
});
