// security.seccomp-errnoret-invalid: defaultErrnoRet with a default action that returns no errno, and a
// rule's errnoRet with an action that returns no errno, are errors: create must fail (config-linux.md).
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase } from '../../../harness/runtime/case.js';

/** A default action that cannot return an errno, with defaultErrnoRet set. */
export const badDefault = { defaultAction: 'SCMP_ACT_ALLOW', defaultErrnoRet: 38, syscalls: [] };

/** A rule whose action cannot return an errno, with errnoRet set (on a syscall nobody makes). */
export const badRule = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['acct'], action: 'SCMP_ACT_ALLOW', errnoRet: 38 }],
};

const requirements: RuntimeRequirementId[] = [
  'config-linux.seccomp.defaultErrnoRet-needs-errno-action',
  'config-linux.seccomp.errnoRet-needs-errno-action',
];

export const securitySeccompErrnoRetInvalid = defineCase({
  id: 'security.seccomp-errnoret-invalid',
  group: 'security',
  requirements,
  since: '1.1.0',
  description:
    'creates a container whose seccomp defaultErrnoRet goes with SCMP_ACT_ALLOW, and one whose rule sets errnoRet with SCMP_ACT_ALLOW; both creates must fail',
  needs(host) {
    return host.seccomp
      ? null
      : 'needs seccomp filter support in the kernel (no Seccomp line in /proc/self/status)';
  },
  async run(ctx) {
    const tries: [Record<string, unknown>, RuntimeRequirementId, string][] = [
      [
        badDefault,
        'config-linux.seccomp.defaultErrnoRet-needs-errno-action',
        'defaultErrnoRet with SCMP_ACT_ALLOW',
      ],
      [badRule, 'config-linux.seccomp.errnoRet-needs-errno-action', 'errnoRet on an SCMP_ACT_ALLOW rule'],
    ];
    for (const [profile, req, what] of tries) {
      const bundle = await ctx.makeBundle((c) => {
        // the requirements are the 1.1.0 text: the config declares that version
        c.set('/ociVersion', '1.1.0');
        c.seccomp(profile);
        c.probe('try', ['syscall', 'getpid']);
      });
      const id = ctx.newContainerId();
      const created = await ctx.runtime.create({ id, bundle });
      ctx.check.failed(created, { requirements: [req], what: `create with ${what}` });
    }
  },
});
