// Test data: for each filesystem case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breakers.fixtures.js';

export const filesystemBreakers: Record<string, Breaker> = {
  'filesystem.mount-options': {
    wrapper: 'drop-mount-options.sh',
    fails: ['config.mounts.option.nosuid', 'config.mounts.unknown-options-as-data'],
  },
  'filesystem.readonly-paths': {
    wrapper: 'drop-readonlyPaths.sh',
    fails: ['config-linux.readonlyPaths.applied'],
  },
  'filesystem.root-readonly': { wrapper: 'drop-root-readonly.sh', fails: ['config.root.readonly'] },
  'filesystem.mounts-order': { wrapper: 'drop-mount-order.sh', fails: ['config.mounts.listed-order'] },
  'filesystem.bind-mount': { wrapper: 'drop-mount-options.sh', fails: ['config.mounts.bind-by-option'] },
  'filesystem.masked-paths': { wrapper: 'drop-maskedPaths.sh', fails: ['config-linux.maskedPaths.applied'] },
};
