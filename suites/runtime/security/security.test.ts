// Unit tests of the seccomp check on fixture probe results (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import { parseTryResult } from '../../../harness/probe/observation.js';
import { caseConfig } from '../area-kit.fixtures.js';
import { caseProfile, checkSeccompErrno, probeTarget, securitySeccompErrno } from './seccomp-errno.js';

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
