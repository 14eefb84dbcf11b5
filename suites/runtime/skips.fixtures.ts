// Test data: the runtime cases the integration tests expect to be skipped on a host, each with its reason. Any
// other skip fails those tests: a needs() that wrongly returns a reason would otherwise drop a case from every gate.
import type { RunHostFacts } from '../../harness/runtime/host.js';
import { listedIn } from './features/recognized.js';

/**
 * Case id -> the reason it must give for skipping on `host`, each derived from a host fact (cgroup mode,
 * controllers, resctrl, the blkio weight file) or the runtime's features document, never from the machine's name.
 */
export function pinnedSkips(
  host: RunHostFacts,
  runtime: { features?: boolean; document?: unknown } = { features: true },
): Record<string, RegExp> {
  const out: Record<string, RegExp> = {};
  // cgroup-mode-specific cases (the qemu guests run them on pure v1 and v2)
  if (host.cgroupMode !== 'v2') {
    out['cgroups.unified'] = /needs a pure cgroup v2 host|is in spec/;
    out['cgroups.v1-only-on-v2'] = /needs a pure cgroup v2 host|is in spec/;
  }
  if (host.cgroupMode === 'hybrid')
    out['cgroups.hugetlb'] = /^hugetlb is only on the v2 hierarchy of this hybrid host/;
  if (!host.cgroupControllers.includes('net_cls')) out['cgroups.network'] = /needs the net_cls controller/;
  // a v1 blkio hierarchy without a weight file (a kernel built without BFQ and CFQ, such as this machine's
  // 6.18 kernel: only blkio.throttle.*); on v2, or with a weight file, the case runs
  if (host.blkioWeightFile === null)
    out['cgroups.blockio-weight'] =
      /^the blkio hierarchy has no weight file \(neither blkio\.weight nor the BFQ/;
  // a runtime without a features document (crun 1.8.1): the cases that use what it declares
  if (runtime.features === false)
    for (const id of [
      'oci-versions-accepted',
      'namespaces-recognized',
      'capabilities-recognized',
      'seccomp-recognized',
      'hooks-supported',
      'mount-options-recognized',
      'seccomp-known-flags',
      'memory-policy-recognized',
      'idmap-enabled',
    ])
      out[`features.${id}`] = /needs a features document/;
  // a features document without the lists these cases try (runc 1.1.5 has no knownFlags nor memoryPolicy)
  else if (runtime.document !== undefined) {
    const has = (...path: string[]) => (listedIn(runtime.document, ...path)?.length ?? 0) > 0;
    if (!has('seccomp', 'knownFlags'))
      out['features.seccomp-known-flags'] = /needs a features document listing/;
    if (!has('memoryPolicy', 'modes') && !has('memoryPolicy', 'flags'))
      out['features.memory-policy-recognized'] = /needs a features document listing/;
    // a runtime declaring netDevices unsupported (the reference runtime) skips its case
    const nd = (runtime.document as { linux?: { netDevices?: { enabled?: unknown } } }).linux?.netDevices;
    if (nd?.enabled === false) out['network.net-devices'] = /declares the feature unsupported/;
  }
  // intelRdt needs a mounted resctrl file system, and its error case a host without one
  if (host.resctrl) out['rdt.no-resctrl-error'] = /^resctrl is mounted at /;
  else for (const id of ['own-group', 'closid']) out[`rdt.${id}`] = /^no resctrl filesystem mounted at /;
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
    // a case outside the judged spec version, or whose feature the runtime's features document declares
    // unsupported, is not a host skip: deterministic, and said in its reason
    // (a version skip comes before the host's, so it also stands for a pinned one)
    if (
      r.status === 'skip' &&
      /^(applies from spec|applies until spec|none of its requirements|the runtime declares the feature unsupported)/.test(
        r.reason ?? '',
      )
    )
      continue;
    if (r.status === 'skip' && !pin)
      out.push(`${r.id}: skipped but no skip is pinned (${r.reason ?? 'no reason'})`);
    else if (r.status === 'skip' && !pin!.test(r.reason ?? ''))
      out.push(`${r.id}: skipped with ${JSON.stringify(r.reason)}, pinned reason ${pin}`);
    else if (r.status !== 'skip' && pin) out.push(`${r.id}: pinned to skip (${pin}) but ${r.status}`);
  }
  return out;
}
