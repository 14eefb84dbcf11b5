// security.seccomp-errno: a seccomp rule returning an errno for mkdir/mkdirat is in force in the container,
// with the configured errnoRet, while everything else is allowed.
import type { Finding } from '../../../model/report.js';
import { parseTryResult, type TryResult } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'security.seccomp-errno';

/** EPERM: what an errno action returns when errnoRet is not given (config-linux.md). */
const EPERM = 1;

/** The probe runs the raw mkdirat syscall (it exists on every architecture, unlike mkdir). */
export const probeTarget = '/tmp/oci-conform-seccomp';

/** The profile the case installs. */
export const caseProfile = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
};

/** Compares the probe's attempt with the rule: it must fail with the rule's errnoRet (EPERM by default). */
export function checkSeccompErrno(result: TryResult, rule: { errnoRet?: number }): Finding[] {
  const want = rule.errnoRet ?? EPERM;
  if (result.ok)
    return [
      observationFinding(
        id,
        ['config-linux.seccomp.applied'],
        'try.syscall',
        `expected ${result.args.join(' ')} to be refused by the seccomp filter with errno ${want}, found it succeeded`,
        { ok: false, errno: want },
        { ok: true, result: result.result },
      ),
    ];
  if (result.errno !== want)
    return [
      observationFinding(
        id,
        ['config-linux.seccomp.errnoRet-applied'],
        'try.errno',
        `expected ${result.args.join(' ')} to fail with errno ${want} (errnoRet), found ${result.errno} (${result.error})`,
        want,
        result.errno,
      ),
    ];
  return [];
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.seccomp.applied',
  'config-linux.seccomp.errnoRet-applied',
];

export const securitySeccompErrno = defineCase({
  id,
  group: 'security',
  requirements,
  description:
    'installs a default-allow profile whose mkdir/mkdirat rule returns errno 1 and runs mkdirat in the container',
  needs(host) {
    return host.seccomp
      ? null
      : 'needs seccomp filter support in the kernel (no Seccomp line in /proc/self/status)';
  },
  build(config) {
    config.seccomp(structuredClone(caseProfile));
    config.probe('try', ['syscall', 'mkdirat', probeTarget]);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const result = parseProbeOutput(ctx, out, parseTryResult);
    if (!result) return;
    const rules = (ctx.bundle.config.linux?.seccomp?.syscalls ?? []) as {
      names?: string[];
      errnoRet?: number;
    }[];
    const rule = rules.find((r) => r.names?.includes('mkdirat')) ?? {};
    return checkSeccompErrno(result, rule);
  },
});
