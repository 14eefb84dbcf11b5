// Seccomp notify: SCMP_ACT_NOTIFY with no listenerPath leaves nobody to receive the notify fd
// (runtimes reject it). Hazard. 1.1.0+.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.seccomp.listener',
  title: 'seccomp notify has a listener',
  kinds: ['config'],
  since: '1.1.0',
  requirements: [
    'config-linux.seccomp.listenerMetadata-needs-path',
    'config-linux.seccomp.listener-socket-type',
  ],
  why: 'The cited MUSTs govern listenerPath and listenerMetadata when they are set. SCMP_ACT_NOTIFY without listenerPath breaks no sentence, but no process would receive the notify fd (runtimes reject it): a hazard.',
  check(ctx) {
    const sc = linuxOf(ctx.value)?.seccomp;
    if (!isObject(sc)) return;
    const hasPath = typeof sc.listenerPath === 'string' && sc.listenerPath !== '';
    if (hasPath) return;
    let pointer: string | undefined;
    if (sc.defaultAction === 'SCMP_ACT_NOTIFY') pointer = '/linux/seccomp/defaultAction';
    else {
      const i = arr(sc.syscalls).findIndex((s) => isObject(s) && s.action === 'SCMP_ACT_NOTIFY');
      if (i >= 0) pointer = `/linux/seccomp/syscalls/${i}/action`;
    }
    if (pointer === undefined) return;
    ctx.report({
      pointer,
      level: 'hazard',
      message:
        'SCMP_ACT_NOTIFY is used but listenerPath is not set: no process would receive the seccomp notify fd',
      expected: 'listenerPath',
    });
  },
});
