// Test data: for each lifecycle case, the test/wrappers/ script that breaks the operation it checks (state that
// lies, kill that does nothing, delete that forces...) and the requirements a run against it must fail
// (suites/runtime/lifecycle/breakers.test.ts runs them).
import type { Breaker } from '../breaker.fixtures.js';

export const lifecycleBreakers: Record<string, Breaker> = {
  'lifecycle.state.transitions': { wrapper: 'state-pid-lies.sh', fails: ['runtime.state.pid-linux'] },
  'lifecycle.state.stopped-after-exit': {
    wrapper: 'state-status-lies.sh',
    fails: ['runtime.state.status-stopped'],
  },
  'lifecycle.state.pid-file': { wrapper: 'no-pid-file.sh', fails: ['runtime.state.pid-linux'] },
  'lifecycle.state.bundle': { wrapper: 'state-bundle-lies.sh', fails: ['runtime.state.bundle'] },
  'lifecycle.state.annotations': {
    wrapper: 'state-drops-annotations.sh',
    fails: ['runtime.state.annotations'],
  },
  'lifecycle.state.unknown-id': {
    wrapper: 'state-unknown-ok.sh',
    fails: ['runtime.query-state.unknown-id-error', 'runtime.query-state.missing-id-error'],
  },
  'lifecycle.create.duplicate-id': {
    wrapper: 'create-accepts-bad-ids.sh',
    fails: ['runtime.create.id-not-unique-error'],
  },
  'lifecycle.create.empty-id': {
    wrapper: 'create-accepts-bad-ids.sh',
    fails: ['runtime.create.missing-args-error'],
  },
  'lifecycle.create.missing-id': {
    wrapper: 'create-accepts-bad-ids.sh',
    fails: ['runtime.create.missing-args-error'],
  },
  'lifecycle.create.program-runs-at-start': {
    wrapper: 'create-starts.sh',
    fails: ['runtime.lifecycle.create-no-user-program', 'runtime.create.args-deferred-to-start'],
  },
  'lifecycle.start.running-errors': {
    wrapper: 'start-always-ok.sh',
    fails: ['runtime.start.not-created-error'],
  },
  'lifecycle.start.stopped-errors': {
    wrapper: 'start-always-ok.sh',
    fails: ['runtime.start.not-created-error'],
  },
  'lifecycle.start.unknown-id': {
    wrapper: 'start-always-ok.sh',
    fails: ['runtime.start.not-created-error', 'runtime.start.missing-id-error'],
  },
  'lifecycle.start.no-process-errors': {
    wrapper: 'create-no-process-ok.sh',
    fails: ['runtime.start.no-process-error'],
  },
  'lifecycle.kill.running-by-name': { wrapper: 'kill-noop.sh', fails: ['runtime.kill.sends-signal'] },
  'lifecycle.kill.running-by-number': {
    wrapper: 'kill-wrong-signal.sh',
    fails: ['runtime.kill.sends-signal'],
  },
  'lifecycle.kill.created-by-name': { wrapper: 'kill-noop.sh', fails: ['runtime.kill.sends-signal'] },
  'lifecycle.kill.created-by-number': { wrapper: 'kill-noop.sh', fails: ['runtime.kill.sends-signal'] },
  'lifecycle.kill.stopped-errors': { wrapper: 'kill-noop.sh', fails: ['runtime.kill.wrong-state-error'] },
  'lifecycle.kill.unknown-id': {
    wrapper: 'kill-noop.sh',
    fails: ['runtime.kill.wrong-state-error', 'runtime.kill.missing-id-error'],
  },
  'lifecycle.delete.running-errors': {
    wrapper: 'delete-forces.sh',
    fails: ['runtime.delete.not-stopped-error', 'runtime.delete.not-stopped-no-effect'],
  },
  'lifecycle.delete.created-errors': {
    wrapper: 'delete-forces.sh',
    fails: ['runtime.delete.not-stopped-error', 'runtime.delete.not-stopped-no-effect'],
  },
  'lifecycle.delete.id-reuse': { wrapper: 'delete-noop.sh', fails: ['runtime.delete.id-reuse'] },
  'lifecycle.delete.removes-created-cgroup': {
    wrapper: 'delete-noop.sh',
    fails: ['runtime.delete.removes-created-resources'],
  },
  'lifecycle.delete.keeps-existing-cgroup': {
    wrapper: 'delete-forces.sh',
    fails: ['runtime.delete.keeps-foreign-resources'],
  },
  'lifecycle.delete.unknown-id': {
    wrapper: 'delete-noop.sh',
    fails: ['runtime.delete.not-stopped-error', 'runtime.delete.missing-id-error'],
  },
  'lifecycle.config.edit-after-create': {
    wrapper: 'start-rereads-config.sh',
    fails: ['runtime.lifecycle.config-changes-after-create-ignored'],
  },
  'lifecycle.config.unknown-properties': {
    wrapper: 'create-rejects-unknown.sh',
    fails: ['config.extensibility.unknown-ignored'],
  },
  'lifecycle.operations.same-runtime': {
    wrapper: 'kill-other-root.sh',
    fails: [
      'runtime.scope.same-entity-operations',
      'runtime.operations.all-supported',
      'runtime.state.status-extension-only-new-states',
    ],
  },
  'lifecycle.create.applies-config': {
    wrapper: 'drop-non-process.sh',
    fails: [
      'runtime.create.apply-non-process-props',
      'runtime.lifecycle.create-resources',
      'runtime.lifecycle.create-env-from-config',
    ],
  },
  'lifecycle.bundle.config-json': {
    wrapper: 'bundle-finds-config.sh',
    fails: ['bundle.config-exact-name', 'bundle.config-at-root'],
  },
  'lifecycle.config.invalid-oci-version': {
    wrapper: 'create-errors-after-creating.sh',
    fails: ['runtime.create.apply-failure-error'],
  },
};
