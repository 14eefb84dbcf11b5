// Entry names are valid UTF-8.
import { defineImageRule } from '../../harness/image/rule.js';
import { reportProblems } from './layer-problems.js';

export default defineImageRule({
  id: 'image.layer.utf8-names',
  title: 'layer entry names are valid UTF-8',
  scope: 'layer',
  requirements: ['image.layer.utf8-names'],
  check(ctx) {
    reportProblems(ctx, {
      'non-utf8-name': {
        message: (p) =>
          `expected a UTF-8 entry name but found bytes that are not (shown as latin1: ${JSON.stringify(p)})`,
      },
    });
  },
});
