// Test data: for each devices case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const devicesBreakers: Record<string, Breaker> = {
  'devices.linux-devices': {
    wrapper: 'mangle-devices.sh',
    fails: [
      'config-linux.devices.available',
      'config-linux.devices.fileMode',
      'config-linux.devices.owner',
      'config-linux.devices.outside-dev',
    ],
  },
  'devices.path-conflict': {
    wrapper: 'mangle-devices.sh',
    fails: ['config-linux.devices.path-conflict-error'],
  },
  'devices.default-devices': {
    wrapper: 'remove-default-devices.sh',
    fails: [
      'config-linux.default-devices.zero',
      'config-linux.default-devices.ptmx',
      'runtime-linux.dev-symlinks.stdout',
    ],
  },
};
