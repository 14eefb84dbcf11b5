// Test data: for each cgroups case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

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
  // One wrapper drops linux.resources for every resource case: each then finds its settings missing.
  'cgroups.memory': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.resources.memory.reservation', 'config-linux.resources.memory.swappiness'],
  },
  'cgroups.memory-oom': { wrapper: 'drop-resources.sh', fails: ['config-linux.resources.memory.limit'] },
  'cgroups.cpu-extra': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.resources.cpu.cpus', 'config-linux.resources.cpu.idle'],
  },
  'cgroups.pids-fork': { wrapper: 'drop-resources.sh', fails: ['config-linux.resources.pids.limit'] },
  'cgroups.pids-zero': { wrapper: 'drop-resources.sh', fails: ['config-linux.resources.pids.zero-is-valid'] },
  'cgroups.hugetlb': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.resources.hugepageLimits.applied'],
  },
  'cgroups.blockio': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.resources.blockIO.throttleReadBpsDevice'],
  },
  'cgroups.blockio-weight': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.resources.blockIO.weight'],
  },
  'cgroups.network': { wrapper: 'drop-resources.sh', fails: ['config-linux.resources.network.classID'] },
  'cgroups.unified': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.unified.keys-written', 'config-linux.unified.missing-controller-error'],
  },
  'cgroups.v1-only-on-v2': {
    wrapper: 'drop-resources.sh',
    fails: ['config-linux.unified.v1-conversion-error'],
  },
};
