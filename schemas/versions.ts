// The runtime-spec versions we have schemas for, and how a declared ociVersion maps onto one.
import { compareCore, semverPattern } from './runtime/dsl.js';

/** Versions with their own schema, oldest first. 1.2.1 stands for the 1.2.x line. */
export const knownSpecVersions = ['1.0.2', '1.1.0', '1.2.0', '1.2.1', '1.3.0'] as const;
export type KnownSpecVersion = (typeof knownSpecVersions)[number];

/** The newest known version: used when nothing usable is declared. */
export const latestSpecVersion: KnownSpecVersion = '1.3.0';

const semverRe = new RegExp(semverPattern);
const looseRe = /^v?(\d+)\.(\d+)(?:\.(\d+))?/;

export function isKnownSpecVersion(v: string): v is KnownSpecVersion {
  return (knownSpecVersions as readonly string[]).includes(v);
}

/** Greatest known version <= core, else the oldest known one. */
function nearest(core: string): KnownSpecVersion {
  let pick: KnownSpecVersion | undefined;
  for (const k of knownSpecVersions) if (compareCore(k, core) <= 0) pick = k;
  return pick ?? knownSpecVersions[0];
}

/**
 * Picks the schema version for a document.
 *
 * - `override` (the CLI's --spec-version) wins over `declared`; it is resolved the same way.
 * - An exact known version is used as is.
 * - SPEC: a known version with build metadata (`1.1.0+dev`) or the `-dev` pre-release
 *   (`1.0.2-dev`) is that version, without a warning: runtime-spec used `-dev` (before 1.1.0) and
 *   `+dev` (since) for the development tree *after* a release, so such a document is at least that
 *   version, and fields added later are unknown properties, which are accepted anyway. runc and
 *   crun print `1.0.2-dev` in `spec` and `features`.
 * - Any other pre-release (`1.1.0-rc.1`) maps to its core version, with a warning (it may differ
 *   from the release).
 * - An unknown version maps to the greatest known version not newer than it (1.2.5 -> 1.2.1,
 *   1.4.0 -> 1.3.0, 2.0.0 -> 1.3.0), or to the oldest (1.0.0 -> 1.0.2), with a warning.
 * - Missing or not a version at all: the latest, with a warning. Invalid SemVer is the schema's
 *   finding (`config.ociVersion.semver`); here we still pick a version.
 */
export function resolveSpecVersion(declared: string | undefined, override?: string): ResolvedSpecVersion {
  if (override !== undefined) return resolveOne(override, 'requested spec version');
  return resolveOne(declared, 'ociVersion');
}

/** The outcome of resolveSpecVersion. */
export interface ResolvedSpecVersion {
  /** The known version whose schema to use. */
  version: KnownSpecVersion;
  /** Set when the version used differs from the one asked for (says which was used). */
  warning?: string;
  /**
   * True when the asked-for version is newer than `version` (e.g. 1.4.0 -> 1.3.0): the document
   * may legitimately hold properties our schema does not know, so checks that forbid unknown
   * properties (the features document) should be skipped: pass `ignoreUnknownProperties`.
   */
  newer?: boolean;
}

function resolveOne(v: string | undefined, what: string): ResolvedSpecVersion {
  if (v === undefined || v === '') {
    return { version: latestSpecVersion, warning: `no ${what}; using the ${latestSpecVersion} schema` };
  }
  if (isKnownSpecVersion(v)) return { version: v };
  if (semverRe.test(v)) {
    const core = v.split(/[-+]/)[0]!;
    const pre = /^[^+]*-([^+]*)/.exec(v)?.[1];
    if (isKnownSpecVersion(core)) {
      if (pre === undefined || pre === 'dev') return { version: core };
      return {
        version: core,
        warning: `${what} ${JSON.stringify(v)} is a pre-release; using the ${core} schema`,
      };
    }
    const pick = nearest(core);
    return {
      version: pick,
      warning: `${what} ${JSON.stringify(v)} is not a known spec version; using the ${pick} schema`,
      ...(compareCore(core, pick) > 0 ? { newer: true } : {}),
    };
  }
  const m = looseRe.exec(v);
  if (m) {
    const core = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
    const pick = nearest(core);
    return {
      version: pick,
      warning: `${what} ${JSON.stringify(v)} is not a SemVer version; using the ${pick} schema`,
      ...(compareCore(core, pick) > 0 ? { newer: true } : {}),
    };
  }
  return {
    version: latestSpecVersion,
    warning: `${what} ${JSON.stringify(v)} is not a version; using the ${latestSpecVersion} schema`,
  };
}
