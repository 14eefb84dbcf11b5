// errnoRet / defaultErrnoRet only mean something with an action that returns an errno (SCMP_ACT_ERRNO,
// SCMP_ACT_TRACE); otherwise the runtime MUST report an error and fail (config-linux.md, 1.1.0+).
import { defineRule } from '../../../../harness/config/rule.js';
import { SECCOMP_ERRNO_ACTIONS } from '../../data.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.seccomp.errno-ret-action',
  title: 'errnoRet and defaultErrnoRet come with an errno-returning action',
  kinds: ['config'],
  since: '1.1.0',
  requirements: [
    'config-linux.seccomp.errnoRet-needs-errno-action',
    'config-linux.seccomp.defaultErrnoRet-needs-errno-action',
  ],
  check(ctx) {
    const sc = linuxOf(ctx.value)?.seccomp;
    if (!isObject(sc)) return;
    if (
      sc.defaultErrnoRet !== undefined &&
      typeof sc.defaultAction === 'string' &&
      !SECCOMP_ERRNO_ACTIONS.has(sc.defaultAction)
    ) {
      ctx.report({
        pointer: '/linux/seccomp/defaultErrnoRet',
        atKey: true,
        requirements: ['config-linux.seccomp.defaultErrnoRet-needs-errno-action'],
        message: `defaultErrnoRet needs defaultAction SCMP_ACT_ERRNO or SCMP_ACT_TRACE, found ${sc.defaultAction}`,
        expected: ['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE'],
        actual: sc.defaultAction,
      });
    }
    const list = arr(sc.syscalls);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!isObject(s) || s.errnoRet === undefined || typeof s.action !== 'string') continue;
      if (SECCOMP_ERRNO_ACTIONS.has(s.action)) continue;
      ctx.report({
        pointer: `/linux/seccomp/syscalls/${i}/errnoRet`,
        atKey: true,
        requirements: ['config-linux.seccomp.errnoRet-needs-errno-action'],
        message: `errnoRet needs action SCMP_ACT_ERRNO or SCMP_ACT_TRACE, found ${s.action}`,
        expected: ['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE'],
        actual: s.action,
      });
    }
  },
});
