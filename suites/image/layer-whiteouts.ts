// Whiteouts: no empty ".wh." name, no whiteout of a path the same layer adds, whiteouts are
// empty files, opaque whiteouts are files, whiteouts come before their siblings.
import { defineImageRule } from '../../harness/image/rule.js';
import { reportProblems } from './layer-problems.js';

export default defineImageRule({
  id: 'image.layer.whiteouts',
  title: 'whiteouts are well formed, apply to lower layers only and come before their siblings',
  scope: 'layer',
  requirements: [
    'image.layer.whiteout-empty-name',
    'image.layer.whiteout-lower-only',
    'image.layer.whiteout-is-file',
    'image.layer.opaque-whiteout',
    'image.layer.whiteout-before-siblings',
  ],
  check(ctx) {
    reportProblems(ctx, {
      'whiteout-empty-name': {
        requirements: ['image.layer.whiteout-empty-name'],
        message: (p) => `expected a whiteout to name a file but ${JSON.stringify(p)} has an empty basename`,
      },
      'whiteout-same-layer': {
        requirements: ['image.layer.whiteout-lower-only'],
        message: (p, d) =>
          `expected whiteout ${JSON.stringify(p)} to hide a lower-layer path but the same layer also has ${JSON.stringify(d)}`,
      },
      'whiteout-not-file': {
        requirements: ['image.layer.whiteout-is-file'],
        level: 'should',
        message: (p, d) =>
          `expected whiteout ${JSON.stringify(p)} to be an empty regular file but found a ${d}`,
      },
      'whiteout-after-sibling': {
        requirements: ['image.layer.whiteout-before-siblings'],
        message: (p, d) =>
          `expected whiteout ${JSON.stringify(p)} to come before the other entries of ${JSON.stringify(d)} but one came earlier`,
      },
      'opaque-whiteout-not-file': {
        requirements: ['image.layer.opaque-whiteout'],
        level: 'should',
        message: (p, d) =>
          `expected opaque whiteout ${JSON.stringify(p)} to be a regular file but found a ${d}`,
      },
    });
  },
});
