// Test data: for each filesystem case, the test/wrappers/ script that breaks the one behaviour it checks and
// the requirements a run against that wrapper must fail (suites/runtime/areas.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const filesystemBreakers: Record<string, Breaker> = {
  'filesystem.mount-options': {
    wrapper: 'drop-mount-options.sh',
    fails: ['config.mounts.option.nosuid', 'config.mounts.unknown-options-as-data'],
  },
  'filesystem.readonly-paths': {
    wrapper: 'drop-readonlyPaths.sh',
    fails: ['config-linux.readonlyPaths.applied'],
  },
  'filesystem.root-readonly': { wrapper: 'drop-root-readonly.sh', fails: ['config.root.readonly'] },
  'filesystem.mounts-order': { wrapper: 'drop-mount-order.sh', fails: ['config.mounts.listed-order'] },
  'filesystem.bind-mount': { wrapper: 'drop-mount-options.sh', fails: ['config.mounts.bind-by-option'] },
  'filesystem.masked-paths': { wrapper: 'drop-maskedPaths.sh', fails: ['config-linux.maskedPaths.applied'] },
  'filesystem.mount-flags': {
    wrapper: 'drop-mount-options.sh',
    fails: ['config.mounts.option.ro', 'config.mounts.option.nosuid', 'config.mounts.option.remount'],
  },
  'filesystem.mount-flags-accepted': {
    wrapper: 'unknown-flag-options.sh',
    fails: ['config.mounts.option.defaults', 'config.mounts.option.iversion', 'config.mounts.option.silent'],
  },
  'filesystem.mount-bind-propagation': {
    wrapper: 'drop-mount-options.sh',
    fails: ['config.mounts.option.bind', 'config.mounts.option.shared', 'config.mounts.option.private'],
  },
  'filesystem.mount-recursive-attrs': {
    wrapper: 'drop-mount-options.sh',
    fails: ['config.mounts.option.rro', 'config.mounts.option.rnoatime'],
  },
  'filesystem.root-required': { wrapper: 'add-root.sh', fails: ['config.root.required-non-windows'] },
  'filesystem.root-defaults': { wrapper: 'force-root-readonly.sh', fails: ['config.root.readonly-default'] },
  'filesystem.default-filesystems': {
    wrapper: 'drop-default-filesystems.sh',
    fails: [
      'config-linux.default-fs.sys',
      'config-linux.default-fs.dev-pts',
      'config-linux.default-fs.dev-shm',
    ],
  },
  'filesystem.relative-destination': {
    wrapper: 'move-relative-destination.sh',
    fails: ['config.mounts.destination-linux-relative-from-root'],
  },
  'filesystem.rootfs-propagation': {
    wrapper: 'drop-rootfsPropagation.sh',
    fails: ['config-linux.rootfsPropagation.unbindable'],
  },
  'filesystem.idmap-mappings': {
    wrapper: 'drop-idmap.sh',
    fails: ['config.mounts.idmap.apply', 'config.mounts.ridmap.recursive'],
  },
  'filesystem.idmap-without-mappings': {
    wrapper: 'drop-idmap.sh',
    fails: ['config.mounts.idmap.no-userns-error'],
  },
};
