// Test data: for each rdt case, the test/wrappers/ script that breaks it and the requirements a run against
// that wrapper must fail (suites/runtime/areas.test.ts runs them; the resctrl cases skip without resctrl).
import type { Breaker } from '../breaker.fixtures.js';

const drop = 'drop-intelRdt.sh';

export const rdtBreakers: Record<string, Breaker> = {
  'rdt.no-resctrl-error': { wrapper: drop, fails: ['config-linux.intelRdt.no-resctrl-error'] },
  'rdt.own-group': {
    wrapper: drop,
    fails: ['config-linux.intelRdt.default-closID-is-id', 'config-linux.intelRdt.monitoring-group'],
  },
  'rdt.closid': {
    wrapper: drop,
    fails: ['config-linux.intelRdt.closID-compare', 'config-linux.intelRdt.closID-preconfigured'],
  },
};
