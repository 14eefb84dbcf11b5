// Test data: for each namespaces case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const namespacesBreakers: Record<string, Breaker> = {
  'namespaces.hostname': { wrapper: 'drop-hostname.sh', fails: ['config.hostname'] },
  'namespaces.domainname': { wrapper: 'drop-domainname.sh', fails: ['config.domainname'] },
  'namespaces.sysctl': { wrapper: 'drop-sysctl.sh', fails: ['config-linux.sysctl.applied'] },
  'namespaces.new-vs-inherited': {
    wrapper: 'drop-uts-namespace.sh',
    fails: ['config-linux.namespaces.new-when-no-path'],
  },
  'namespaces.path-join': { wrapper: 'fix-namespaces.sh', fails: ['config-linux.namespaces.path-join'] },
  'namespaces.path-wrong-type': {
    wrapper: 'fix-namespaces.sh',
    fails: ['config-linux.namespaces.path-type-mismatch-error'],
  },
  'namespaces.duplicate-error': {
    wrapper: 'fix-namespaces.sh',
    fails: ['config-linux.namespaces.duplicate-error'],
  },
  'namespaces.user-mappings': {
    wrapper: 'drop-user-namespace.sh',
    fails: [
      'config-linux.namespaces.user',
      'config-linux.idmappings.applied',
      'config-linux.idmappings.no-chown',
    ],
  },
  'namespaces.cgroup-view': {
    wrapper: 'drop-cgroup-namespace.sh',
    fails: ['config-linux.namespaces.cgroup'],
  },
};
