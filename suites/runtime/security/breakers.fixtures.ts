// Test data: for each security case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const securityBreakers: Record<string, Breaker> = {
  'security.seccomp-errno': { wrapper: 'drop-seccomp.sh', fails: ['config-linux.seccomp.applied'] },
  'security.seccomp-args': { wrapper: 'drop-seccomp-args.sh', fails: ['config-linux.seccomp.args-match'] },
  'security.seccomp-errnoret-invalid': {
    wrapper: 'drop-errnoret.sh',
    fails: [
      'config-linux.seccomp.defaultErrnoRet-needs-errno-action',
      'config-linux.seccomp.errnoRet-needs-errno-action',
    ],
  },
  'security.seccomp-listener': {
    wrapper: 'drop-seccomp.sh',
    fails: [
      'config-linux.seccomp.listener-socket-type',
      'config-linux.seccomp.listener-seccompFd',
      'config-linux.seccomp.listener-send-fail-error',
    ],
  },
};
