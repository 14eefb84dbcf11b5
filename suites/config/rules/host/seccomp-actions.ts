// Seccomp actions the kernel does not list in /proc/sys/kernel/seccomp/actions_avail (SCMP_ACT_LOG before
// 4.14, SCMP_ACT_KILL_PROCESS before 4.14, SCMP_ACT_NOTIFY before 5.0) cannot be put in a filter: libseccomp
// refuses the rule and create fails on this host.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

/** The kernel's name (actions_avail) of each SCMP_ACT_* action. */
const KERNEL_ACTION: Record<string, string> = {
  SCMP_ACT_KILL: 'kill_thread',
  SCMP_ACT_KILL_THREAD: 'kill_thread',
  SCMP_ACT_KILL_PROCESS: 'kill_process',
  SCMP_ACT_TRAP: 'trap',
  SCMP_ACT_ERRNO: 'errno',
  SCMP_ACT_TRACE: 'trace',
  SCMP_ACT_ALLOW: 'allow',
  SCMP_ACT_LOG: 'log',
  SCMP_ACT_NOTIFY: 'user_notif',
};

export default defineRule({
  id: 'host.seccomp-actions',
  title: 'seccomp actions are ones this host kernel supports',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.valid-values.error'],
  check(ctx) {
    const avail = ctx.host?.seccompActions;
    const sc = linuxOf(ctx.value)?.seccomp;
    if (!avail || !isObject(sc)) return;
    const have = new Set(avail);
    const judge = (pointer: string, action: unknown) => {
      if (typeof action !== 'string') return;
      const k = KERNEL_ACTION[action];
      if (k === undefined || have.has(k)) return;
      ctx.report({
        pointer,
        message: `create will fail on this host: ${action} needs the kernel's ${k} seccomp action, but /proc/sys/kernel/seccomp/actions_avail lists ${avail.join(' ') || 'nothing'}`,
        expected: avail,
        actual: action,
      });
    };
    judge('/linux/seccomp/defaultAction', sc.defaultAction);
    const syscalls = arr(sc.syscalls);
    for (let i = 0; i < syscalls.length; i++)
      if (isObject(syscalls[i])) judge(`/linux/seccomp/syscalls/${i}/action`, syscalls[i]!.action);
  },
});
