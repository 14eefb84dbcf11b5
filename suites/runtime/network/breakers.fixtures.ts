// Test data: for each network case, the test/wrappers/ script that breaks it and the requirements a run
// against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const networkBreakers: Record<string, Breaker> = {
  'network.net-devices': {
    wrapper: 'drop-netDevices.sh',
    fails: [
      'config-linux.netDevices.available',
      'config-linux.netDevices.name-conflict-error',
      'config-linux.netDevices.check-movable',
    ],
  },
};
