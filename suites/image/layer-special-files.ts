// Device nodes, fifos, setuid/setgid files and unknown entry types are pointed out; sparse files
// SHOULD NOT be used.
import { defineImageRule } from '../../harness/image/rule.js';
import { reportProblems } from './layer-problems.js';

export default defineImageRule({
  id: 'image.layer.special-files',
  title: 'special files in layers are reported',
  scope: 'layer',
  requirements: ['image.layer.special-files', 'image.layer.sparse-files'],
  check(ctx) {
    reportProblems(ctx, {
      'device-node': { level: 'info', message: (p, d) => `device node ${JSON.stringify(p)} (${d})` },
      fifo: { level: 'info', message: (p) => `fifo ${JSON.stringify(p)}` },
      setuid: { level: 'info', message: (p, d) => `setuid/setgid file ${JSON.stringify(p)} (mode ${d})` },
      'unknown-type': {
        level: 'info',
        message: (p, d) => `entry ${JSON.stringify(p)} has a type flag tar does not define (${d})`,
      },
      'sparse-file': {
        requirements: ['image.layer.sparse-files'],
        message: (p) => `expected no sparse files but ${JSON.stringify(p)} is one`,
      },
    });
  },
});
