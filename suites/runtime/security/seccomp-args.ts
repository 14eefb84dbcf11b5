// security.seccomp-args: a seccomp rule with an argument condition returns its errno only for calls whose
// argument matches; the same syscall with another argument is allowed.
import type { Finding } from '../../../model/report.js';
import { parseTryResults, type TryResult } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'security.seccomp-args';

/** personality(0xffffffff) only queries the persona, personality(0) sets the default one: both harmless. */
export const matchingArg = 0xffffffff;
export const otherArg = 0;
/** EOPNOTSUPP: not a value personality(2) returns by itself. */
export const caseErrno = 95;

export const caseProfile = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [
    {
      names: ['personality'],
      action: 'SCMP_ACT_ERRNO',
      errnoRet: caseErrno,
      args: [{ index: 0, value: matchingArg, op: 'SCMP_CMP_EQ' }],
    },
  ],
};

/** `matching` is the call with the rule's argument, `other` the call with another argument. */
export function checkSeccompArgs(
  matching: TryResult | undefined,
  other: TryResult | undefined,
  errnoRet: number,
): Finding[] {
  const out: Finding[] = [];
  if (!matching || !other) {
    out.push(
      observationFinding(
        id,
        ['config-linux.seccomp.args-match'],
        'tries',
        'expected two probe attempts, found fewer',
      ),
    );
    return out;
  }
  if (matching.ok)
    out.push(
      observationFinding(
        id,
        ['config-linux.seccomp.applied', 'config-linux.seccomp.args-match'],
        'tries[0]',
        `expected ${matching.args.join(' ')} (argument matches the rule) to fail with errno ${errnoRet}, found it succeeded`,
        { ok: false, errno: errnoRet },
        { ok: true },
      ),
    );
  else if (matching.errno !== errnoRet)
    out.push(
      observationFinding(
        id,
        ['config-linux.seccomp.errnoRet-applied'],
        'tries[0].errno',
        `expected ${matching.args.join(' ')} to fail with errno ${errnoRet}, found ${matching.errno} (${matching.error})`,
        errnoRet,
        matching.errno,
      ),
    );
  if (!other.ok)
    out.push(
      observationFinding(
        id,
        ['config-linux.seccomp.args-match'],
        'tries[1]',
        `expected ${other.args.join(' ')} (argument outside the rule's condition) to be allowed, found ${other.error}`,
        { ok: true },
        { ok: false, errno: other.errno, error: other.error },
      ),
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.seccomp.args-match',
  'config-linux.seccomp.errnoRet-applied',
];

export const securitySeccompArgs = defineCase({
  id,
  group: 'security',
  requirements,
  description:
    'refuses personality(0xffffffff) by an argument condition and checks that personality(0) is still allowed',
  needs(host) {
    return host.seccomp
      ? null
      : 'needs seccomp filter support in the kernel (no Seccomp line in /proc/self/status)';
  },
  build(config) {
    config.seccomp(structuredClone(caseProfile));
    config.probe('tries', [
      'syscall',
      'personality',
      `0x${matchingArg.toString(16)}`,
      '--',
      'syscall',
      'personality',
      String(otherArg),
    ]);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const results = parseProbeOutput(ctx, out, parseTryResults);
    if (!results) return;
    return checkSeccompArgs(results[0], results[1], caseErrno);
  },
});
