// Test data: for each hooks case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const hooksBreakers: Record<string, Breaker> = {
  'hooks.order-and-state': {
    wrapper: 'drop-hooks.sh',
    fails: [
      'runtime.lifecycle.prestart-invoked',
      'runtime.lifecycle.poststop-invoked',
      'config.hooks.createContainer.path-runtime-ns',
      'config.hooks.startContainer.path-container-ns',
    ],
  },
  'hooks.listed-order': {
    wrapper: 'drop-hooks.sh',
    fails: ['runtime.lifecycle.createRuntime-invoked', 'runtime.lifecycle.poststop-invoked'],
  },
  'hooks.failing-create-hooks': {
    wrapper: 'drop-hooks.sh',
    fails: [
      'runtime.lifecycle.prestart-failure',
      'runtime.lifecycle.createRuntime-failure',
      'runtime.lifecycle.createContainer-failure',
      'config.hooks.timeout-enforced',
    ],
  },
  'hooks.failing-start-hooks': {
    wrapper: 'drop-hooks.sh',
    fails: ['runtime.lifecycle.startContainer-failure', 'runtime.lifecycle.poststart-failure'],
  },
  'hooks.failing-poststop': { wrapper: 'drop-hooks.sh', fails: ['runtime.lifecycle.poststop-failure-warn'] },
};
