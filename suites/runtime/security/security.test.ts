// Unit tests of the seccomp check on fixture probe results (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import { parseTryResult } from '../../../harness/probe/observation.js';
import { caseConfig } from '../area-kit.fixtures.js';
import { caseProfile, checkSeccompErrno, probeTarget, securitySeccompErrno } from './seccomp-errno.js';
import {
  caseErrno,
  caseProfile as argsProfile,
  checkSeccompArgs,
  securitySeccompArgs,
} from './seccomp-args.js';
import { badDefault, badRule, securitySeccompErrnoRetInvalid } from './seccomp-errnoret-invalid.js';

const attempt = (ok: boolean, errno: number, error: string | null) =>
  parseTryResult(JSON.stringify({ op: 'syscall', args: ['mkdirat', probeTarget], ok, errno, error }));

describe('security.seccomp-errno', () => {
  it('builds a config with the profile and the probe attempt', () => {
    const c = caseConfig(securitySeccompErrno);
    expect(c.linux?.seccomp).toEqual(caseProfile);
    expect(c.process?.args).toEqual(['/probe', 'try', 'syscall', 'mkdirat', probeTarget]);
  });

  it('passes when the syscall fails with errnoRet', () => {
    expect(checkSeccompErrno(attempt(false, 1, 'EPERM'), { errnoRet: 1 })).toEqual([]);
    expect(checkSeccompErrno(attempt(false, 1, 'EPERM'), {})).toEqual([]);
    expect(checkSeccompErrno(attempt(false, 38, 'ENOSYS'), { errnoRet: 38 })).toEqual([]);
  });

  it('flags a syscall that succeeded (no filter) and a wrong errno separately', () => {
    expect(checkSeccompErrno(attempt(true, 0, null), { errnoRet: 1 }).map((f) => f.requirements)).toEqual([
      ['config-linux.seccomp.applied'],
    ]);
    expect(
      checkSeccompErrno(attempt(false, 1, 'EPERM'), { errnoRet: 38 }).map((f) => f.requirements),
    ).toEqual([['config-linux.seccomp.errnoRet-applied']]);
  });
});

describe('security.seccomp-args', () => {
  const t = (arg: string, ok: boolean, errno = 0, error: string | null = null) =>
    parseTryResult(JSON.stringify({ op: 'syscall', args: ['personality', arg], ok, errno, error }));

  it('builds the profile and two attempts', () => {
    const c = caseConfig(securitySeccompArgs);
    expect(c.linux?.seccomp).toEqual(argsProfile);
    expect(c.process?.args).toEqual([
      '/probe',
      'tries',
      'syscall',
      'personality',
      '0xffffffff',
      '--',
      'syscall',
      'personality',
      '0',
    ]);
  });

  it('passes when only the matching argument is refused with errnoRet', () => {
    expect(
      checkSeccompArgs(t('0xffffffff', false, caseErrno, 'EOPNOTSUPP'), t('0', true), caseErrno),
    ).toEqual([]);
  });

  it('flags a rule that ignores its condition, a missing rule and a wrong errno', () => {
    const reqsOf = (fs: { requirements: string[] }[]) => fs.map((f) => f.requirements);
    expect(
      reqsOf(
        checkSeccompArgs(
          t('0xffffffff', false, caseErrno),
          t('0', false, caseErrno, 'EOPNOTSUPP'),
          caseErrno,
        ),
      ),
    ).toEqual([['config-linux.seccomp.args-match']]);
    expect(reqsOf(checkSeccompArgs(t('0xffffffff', true), t('0', true), caseErrno))).toEqual([
      ['config-linux.seccomp.applied', 'config-linux.seccomp.args-match'],
    ]);
    expect(reqsOf(checkSeccompArgs(t('0xffffffff', false, 1, 'EPERM'), t('0', true), caseErrno))).toEqual([
      ['config-linux.seccomp.errnoRet-applied'],
    ]);
    expect(checkSeccompArgs(undefined, undefined, caseErrno)).toHaveLength(1);
  });
});

describe('security.seccomp-errnoret-invalid', () => {
  it('pairs an errno return value with an action that returns none, at the default and in a rule', () => {
    expect(badDefault.defaultAction).toBe('SCMP_ACT_ALLOW');
    expect(badDefault.defaultErrnoRet).toBeGreaterThan(0);
    expect(badRule.syscalls[0]).toMatchObject({ action: 'SCMP_ACT_ALLOW', errnoRet: 38 });
    expect(securitySeccompErrnoRetInvalid.since).toBe('1.1.0');
  });
});
