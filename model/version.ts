// Spec version ordering, shared by the schemas, the requirement registry and the rules.

/** Numeric compare of dotted versions (major.minor.patch), ignoring pre-release and build suffixes. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0]!.split('.').map(Number);
  const pb = b.split(/[-+]/)[0]!.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `version` lies in `[since, until)` (either bound may be absent). */
export function versionIn(version: string, since?: string, until?: string): boolean {
  if (since !== undefined && compareVersions(version, since) < 0) return false;
  if (until !== undefined && compareVersions(version, until) >= 0) return false;
  return true;
}
