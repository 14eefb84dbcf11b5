// Test data: for each process case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const processBreakers: Record<string, Breaker> = {
  'process.user': { wrapper: 'drop-user.sh', fails: ['config.process.user.uid'] },
  'process.rlimits': {
    wrapper: 'drop-rlimits.sh',
    fails: ['config.process.rlimits.soft', 'config.process.rlimits.hard'],
  },
  'process.capabilities': {
    wrapper: 'drop-capabilities.sh',
    fails: ['config.process.capabilities.bounding', 'config.process.capabilities.effective'],
  },
  'process.exec-environment': { wrapper: 'drop-env.sh', fails: ['config.process.env-applied'] },
  'process.privileges': {
    wrapper: 'drop-privileges.sh',
    fails: ['config.process.noNewPrivileges', 'config.process.oomScoreAdj.set'],
  },
  'process.defaults': {
    wrapper: 'set-process-attributes.sh',
    fails: ['config.process.oomScoreAdj.unset-unchanged', 'config.process.user.umask-unset'],
  },
  'process.invalid-rlimits': {
    wrapper: 'drop-rlimits.sh',
    fails: ['config.process.rlimits.unknown-type-error', 'config.process.rlimits.duplicate-error'],
  },
  'process.unknown-capability': {
    wrapper: 'drop-unknown-capabilities.sh',
    fails: ['config.process.capabilities.unmappable-warning'],
  },
  'process.terminal': { wrapper: 'drop-terminal.sh', fails: ['config.process.terminal'] },
  'process.scheduling': {
    wrapper: 'drop-scheduling.sh',
    fails: ['config.process.scheduler.applied', 'config.process.ioPriority.applied'],
  },
  'process.container-process-state': {
    wrapper: 'drop-seccomp.sh',
    fails: ['config-linux.cps.payload-and-fds'],
  },
};
