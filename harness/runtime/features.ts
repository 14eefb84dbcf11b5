// What a runtime's `features` document (features.md) says about a case: declared unsupported (the case is
// skipped), claimed (a failure of the case is also a false claim), or silent; and the spec version a run
// is judged by when --spec-version is not given.
import type { Finding } from '../../model/report.js';
import { compareVersions, findingLevelOf, requirement } from '../../requirements/index.js';
import type { RuntimeRequirementId } from '../../requirements/index.js';

/**
 * The feature a case exercises: the value at `path` in the features document (e.g.
 * `['linux', 'seccomp', 'enabled']`). A boolean is the claim itself; for a list, `includes` names the
 * entry the case needs (e.g. `SCMP_ACT_LOG` in `linux.seccomp.actions`).
 */
export interface FeatureClaim {
  path: string[];
  includes?: string;
  /** The features requirement a false claim breaks (e.g. `features-linux.seccomp.actions-recognized`). */
  requirement: RuntimeRequirementId;
}

/** How the document answers a claim: `claimed`, `unsupported` (declared so), or `silent` (absent/null). */
export type ClaimAnswer = 'claimed' | 'unsupported' | 'silent';

/** The claim in words, e.g. `linux.seccomp.actions includes SCMP_ACT_LOG`. */
export function describeClaim(c: FeatureClaim): string {
  return c.includes !== undefined ? `${c.path.join('.')} includes ${c.includes}` : `${c.path.join('.')}`;
}

/** What the features document says about `claim`; `silent` when there is no document. */
export function answerClaim(features: unknown, claim: FeatureClaim): ClaimAnswer {
  let v: unknown = features;
  for (const k of claim.path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'silent';
    v = (v as Record<string, unknown>)[k];
  }
  if (v === undefined || v === null) return 'silent';
  if (claim.includes !== undefined) {
    if (!Array.isArray(v)) return 'silent';
    return v.includes(claim.includes) ? 'claimed' : 'unsupported';
  }
  if (typeof v === 'boolean') return v ? 'claimed' : 'unsupported';
  return 'silent';
}

/** The skip reason of a case whose feature the runtime declares unsupported, or null. */
export function claimSkip(features: unknown, claim: FeatureClaim | undefined): string | null {
  if (!claim || answerClaim(features, claim) !== 'unsupported') return null;
  const what =
    claim.includes !== undefined
      ? `its features document does not list ${claim.includes} in ${claim.path.join('.')}`
      : `its features document says ${claim.path.join('.')}: false`;
  return `the runtime declares the feature unsupported: ${what}`;
}

/**
 * The finding of a case that failed although the runtime's features document claims what it exercises:
 * the claim itself is false (features.md: a listed value must be recognised, a true flag implemented).
 */
export function falseClaimFinding(caseId: string, claim: FeatureClaim): Finding {
  return {
    rule: `${caseId}.false-claim`,
    requirements: [claim.requirement],
    level: findingLevelOf(requirement(claim.requirement)),
    location: { kind: 'observation', field: `features ${claim.path.join('.')}` },
    message: `expected the case to pass because the runtime's features document claims ${describeClaim(claim)}, found the case failed: the claim is false`,
    expected: 'the case passes',
    actual: 'the case failed',
  };
}

/** The run's spec version and why it was chosen. */
export interface JudgedVersion {
  version: string;
  why: string;
}

const coreRe = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

/**
 * The spec version a run is judged by. `--spec-version` wins; otherwise the highest version the
 * runtime's features document claims (`ociVersionMax`), within the versions we judge (1.0.0 to 1.3.x);
 * otherwise (no document, or no usable ociVersionMax) `fallback`.
 * SPEC: `1.0.2-dev` (runc 1.1, crun) is read as 1.0.2: runtime-spec used `-dev` for the development tree
 * after a release (see schemas/versions.ts); a version newer than 1.3.x is judged by `fallback`, the
 * newest we know.
 */
export function judgedSpecVersion(o: {
  flag: string | undefined;
  features: unknown;
  featuresExitCode: number | null;
  fallback: string;
}): JudgedVersion {
  if (o.flag !== undefined) return { version: o.flag, why: 'chosen with --spec-version' };
  if (o.features === undefined)
    return {
      version: o.fallback,
      why:
        o.featuresExitCode === 0
          ? `the runtime's features output is not a JSON object; judged by the newest known spec ${o.fallback}`
          : `the runtime has no features command (exit code ${o.featuresExitCode ?? 'none'}); judged by the newest known spec ${o.fallback}`,
    };
  const max = (o.features as Record<string, unknown>).ociVersionMax;
  const m = typeof max === 'string' ? coreRe.exec(max) : null;
  if (!m)
    return {
      version: o.fallback,
      why: `the runtime's features document has no usable ociVersionMax (found ${JSON.stringify(max)}); judged by the newest known spec ${o.fallback}`,
    };
  const core = `${m[1]}.${m[2]}.${m[3]}`;
  if (compareVersions(core, '1.0.0') < 0)
    return {
      version: o.fallback,
      why: `the runtime's features document claims ociVersionMax ${max}, older than any spec we judge; judged by ${o.fallback}`,
    };
  if (compareVersions(core, '1.4.0') >= 0)
    return {
      version: o.fallback,
      why: `the runtime's features document claims ociVersionMax ${max}, newer than the newest spec we know; judged by ${o.fallback}`,
    };
  return {
    version: core,
    why: `the highest version the runtime's features document claims (ociVersionMax ${max})`,
  };
}
