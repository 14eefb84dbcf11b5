// Test data: for each cgroups case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breakers.fixtures.js';

export const cgroupsBreakers: Record<string, Breaker> = {
  'cgroups.memory-limit': { wrapper: 'drop-memory-limit.sh', fails: ['config-linux.resources.memory.limit'] },
  'cgroups.pids-limit': { wrapper: 'drop-pids-limit.sh', fails: ['config-linux.resources.pids.limit'] },
  'cgroups.cpu': {
    wrapper: 'drop-cpu.sh',
    fails: ['config-linux.resources.cpu.shares', 'config-linux.resources.cpu.quota'],
  },
  'cgroups.devices': {
    wrapper: 'reverse-devices.sh',
    fails: ['config-linux.resources.devices.order', 'config-linux.resources.devices.wildcards'],
  },
  'cgroups.path': {
    wrapper: 'drop-cgroupsPath.sh',
    fails: ['config-linux.cgroupsPath.absolute-from-mountpoint'],
  },
  'cgroups.path-relative': {
    wrapper: 'drop-cgroupsPath.sh',
    fails: ['config-linux.cgroupsPath.relative', 'config-linux.cgroupsPath.stable'],
  },
  'cgroups.path-invalid': {
    wrapper: 'drop-cgroupsPath.sh',
    fails: ['config-linux.cgroupsPath.invalid-error'],
  },
};
