// Test data: the runtime cases the integration tests expect to be skipped on a host, each with its reason. Any
// other skip fails those tests: a needs() that wrongly returns a reason would otherwise drop a case from every gate.
import type { RunHostFacts } from '../../harness/runtime/host.js';

/**
 * Case id -> the reason it must give for skipping on `host`. On the CI machine and the development machine
 * (root, cgroups mounted, every namespace type, seccomp) no case is skipped.
 */
export function pinnedSkips(host: RunHostFacts): Record<string, RegExp> {
  const out: Record<string, RegExp> = {};
  if (host.cgroupMode === 'none' || host.cgroupMode === undefined) {
    out['lifecycle.delete.removes-created-cgroup'] = /^needs a mounted cgroup file system$/;
    out['lifecycle.delete.keeps-existing-cgroup'] = /^needs a mounted cgroup file system$/;
  }
  return out;
}

/** Skips that differ from the pins: unexpected skips, skips with another reason, pinned cases that ran. */
export function skipProblems(
  results: { id: string; status: string; reason?: string }[],
  pins: Record<string, RegExp>,
): string[] {
  const out: string[] = [];
  for (const r of results) {
    const pin = pins[r.id];
    if (r.status === 'skip' && !pin)
      out.push(`${r.id}: skipped but no skip is pinned (${r.reason ?? 'no reason'})`);
    else if (r.status === 'skip' && !pin!.test(r.reason ?? ''))
      out.push(`${r.id}: skipped with ${JSON.stringify(r.reason)}, pinned reason ${pin}`);
    else if (r.status !== 'skip' && pin) out.push(`${r.id}: pinned to skip (${pin}) but ${r.status}`);
  }
  return out;
}
