// Test data: for each features case, the test/wrappers/ script that breaks it and the requirements a run
// against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

const lies = 'features-lies.sh';

export const featuresBreakers: Record<string, Breaker> = {
  'features.document': {
    wrapper: lies,
    fails: ['features.no-unknown-properties', 'features.ociVersionMax-ge-min'],
  },
  'features.oci-versions-accepted': { wrapper: lies, fails: ['features.ociVersionMin-accepted'] },
  'features.namespaces-recognized': { wrapper: lies, fails: ['features-linux.namespaces-recognized'] },
  'features.capabilities-recognized': { wrapper: lies, fails: ['features-linux.capabilities-recognized'] },
  'features.seccomp-recognized': {
    wrapper: lies,
    fails: ['features-linux.seccomp.actions-recognized', 'features-linux.seccomp-enabled'],
  },
  'features.hooks-supported': { wrapper: lies, fails: ['features.hooks-supported'] },
  'features.mount-options-recognized': { wrapper: lies, fails: ['features.mountOptions-recognized'] },
  'features.seccomp-known-flags': { wrapper: lies, fails: ['features-linux.seccomp.knownFlags-recognized'] },
  'features.memory-policy-recognized': {
    wrapper: lies,
    fails: ['features-linux.memoryPolicy.modes-recognized', 'features-linux.memoryPolicy.flags-recognized'],
  },
  'features.idmap-enabled': { wrapper: lies, fails: ['features-linux.mountExtensions.idmap-enabled'] },
};
