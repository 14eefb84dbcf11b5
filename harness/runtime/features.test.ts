// Unit tests of the features claims and of the spec version a run is judged by (fixture documents).
import { describe, expect, it } from 'vitest';
import {
  answerClaim,
  claimSkip,
  falseClaimFinding,
  judgedSpecVersion,
  type FeatureClaim,
} from './features.js';

const runcLike = {
  ociVersionMin: '1.0.0',
  ociVersionMax: '1.0.2-dev',
  linux: { seccomp: { enabled: true, actions: ['SCMP_ACT_ERRNO'] }, netDevices: { enabled: false } },
};

describe('answerClaim / claimSkip', () => {
  const enabled: FeatureClaim = {
    path: ['linux', 'seccomp', 'enabled'],
    requirement: 'features-linux.seccomp-enabled',
  };
  const log: FeatureClaim = {
    path: ['linux', 'seccomp', 'actions'],
    includes: 'SCMP_ACT_LOG',
    requirement: 'features-linux.seccomp.actions-recognized',
  };
  const net: FeatureClaim = {
    path: ['linux', 'netDevices', 'enabled'],
    requirement: 'features-linux.netDevices-enabled',
  };
  const rdt: FeatureClaim = {
    path: ['linux', 'intelRdt', 'enabled'],
    requirement: 'features-linux.intelRdt-flags',
  };

  it('reads a true flag and a listed value as claimed, false and unlisted as unsupported, absent as silent', () => {
    expect(answerClaim(runcLike, enabled)).toBe('claimed');
    expect(answerClaim(runcLike, log)).toBe('unsupported');
    expect(answerClaim(runcLike, net)).toBe('unsupported');
    expect(answerClaim(runcLike, rdt)).toBe('silent');
    expect(answerClaim(undefined, enabled)).toBe('silent');
    expect(answerClaim({ linux: { seccomp: null } }, enabled)).toBe('silent');
  });

  it('skips only what is declared unsupported, naming the field', () => {
    expect(claimSkip(runcLike, enabled)).toBeNull();
    expect(claimSkip(runcLike, rdt)).toBeNull();
    expect(claimSkip(runcLike, undefined)).toBeNull();
    expect(claimSkip(runcLike, net)).toContain('linux.netDevices.enabled: false');
    expect(claimSkip(runcLike, log)).toContain('SCMP_ACT_LOG');
  });

  it('a false claim is a finding against the claim requirement', () => {
    const f = falseClaimFinding('x.y', enabled);
    expect(f.requirements).toEqual(['features-linux.seccomp-enabled']);
    expect(f.rule).toBe('x.y.false-claim');
  });
});

describe('judgedSpecVersion', () => {
  const j = (flag: string | undefined, features: unknown, featuresExitCode: number | null = 0) =>
    judgedSpecVersion({ flag, features, featuresExitCode, fallback: '1.3.0' }).version;

  it('--spec-version wins', () => {
    expect(j('1.1.0', runcLike)).toBe('1.1.0');
  });
  it('otherwise the ociVersionMax the document claims (runc 1.1.5: 1.0.2-dev is 1.0.2)', () => {
    expect(j(undefined, runcLike)).toBe('1.0.2');
    expect(j(undefined, { ociVersionMax: '1.2.1' })).toBe('1.2.1');
    expect(j(undefined, { ociVersionMax: '1.3.0+dev' })).toBe('1.3.0');
  });
  it('falls back to the newest known version without a usable claim, and says why', () => {
    expect(j(undefined, undefined, 1)).toBe('1.3.0');
    expect(j(undefined, { ociVersionMax: 'soon' })).toBe('1.3.0');
    expect(j(undefined, { ociVersionMax: '1.4.0' })).toBe('1.3.0');
    expect(j(undefined, { ociVersionMax: '0.9.0' })).toBe('1.3.0');
    const why = judgedSpecVersion({
      flag: undefined,
      features: undefined,
      featuresExitCode: 1,
      fallback: '1.3.0',
    }).why;
    expect(why).toContain('no features command');
  });
});
