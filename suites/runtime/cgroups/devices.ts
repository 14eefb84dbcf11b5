// cgroups.devices: linux.resources.devices applied in list order, with unset type/major/minor as wildcards.
// The probe makes char nodes 1:200..1:202 (minors the mem driver does not have) and opens them.
import type { Finding } from '../../../model/report.js';
import { parseTryResults, type TryResult } from '../../../harness/probe/observation.js';
import { defaultCapabilities } from '../../../harness/runtime/config-builder.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'cgroups.devices';

/**
 * The rules, in order. Char 1:200..1:202 have no driver: an open the device controller allows fails with
 * ENXIO, one it refuses with EPERM, so the errno tells the rule's verdict apart from the driver's.
 * - deny everything (type, major and minor unset: wildcards);
 * - 1:200: allow rwm, then deny w: read allowed, write refused only if the later rule wins;
 * - 1:201: deny r, then allow rwm: read allowed only if the later rule wins;
 * - 1:* (minor unset) allow rm: 1:202 can be made and read, not written.
 * Every node is allowed `m` by the rules, so the probe can make it.
 * SPEC: runtimes add their default device rules (config-linux.md "Default Devices") after or before the
 * config's; the case uses none of the default devices, so those rules do not change its verdicts.
 */
export const caseDeviceRules = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 200, access: 'rwm' },
  { allow: false, type: 'c', major: 1, minor: 200, access: 'w' },
  { allow: false, type: 'c', major: 1, minor: 201, access: 'r' },
  { allow: true, type: 'c', major: 1, minor: 201, access: 'rwm' },
  { allow: true, type: 'c', major: 1, access: 'rm' },
];

/** One probe attempt, what the rules make of it, and the requirement a wrong outcome breaks. */
export interface DeviceExpectation {
  what: string;
  op: 'open-read' | 'open-write';
  minor: number;
  allowed: boolean;
  requirement: RuntimeRequirementId;
}

export const deviceExpectations: DeviceExpectation[] = [
  {
    what: 'read c 1:200',
    op: 'open-read',
    minor: 200,
    allowed: true,
    requirement: 'config-linux.resources.devices.order',
  },
  {
    what: 'write c 1:200',
    op: 'open-write',
    minor: 200,
    allowed: false,
    requirement: 'config-linux.resources.devices.order',
  },
  {
    what: 'read c 1:201',
    op: 'open-read',
    minor: 201,
    allowed: true,
    requirement: 'config-linux.resources.devices.order',
  },
  {
    what: 'read c 1:202',
    op: 'open-read',
    minor: 202,
    allowed: true,
    requirement: 'config-linux.resources.devices.wildcards',
  },
  {
    what: 'write c 1:202',
    op: 'open-write',
    minor: 202,
    allowed: false,
    requirement: 'config-linux.resources.devices.wildcards',
  },
];

const nodePath = (minor: number) => `/dev/oci-conform-1-${minor}`;

/** The probe's `tries` arguments: mknod the three nodes, then each attempt in {@link deviceExpectations}. */
export function deviceProbeArgs(): string[] {
  const ops: string[][] = [200, 201, 202].map((m) => ['mknod', nodePath(m), 'c', '1', String(m)]);
  for (const x of deviceExpectations) ops.push([x.op, nodePath(x.minor)]);
  return ops.flatMap((o, i) => (i === 0 ? o : ['--', ...o]));
}

const EPERM = 1;

/**
 * Judges the attempts: a refused open fails with EPERM; an allowed one succeeds or fails with anything
 * but EPERM (here ENXIO, from the driver). A failed mknod means the nodes the opens need are missing.
 */
export function checkDevices(results: TryResult[]): Finding[] {
  const out: Finding[] = [];
  const mknods = results.slice(0, 3);
  if (mknods.length < 3 || mknods.some((r) => !r.ok)) {
    for (const [i, minor] of [200, 201, 202].entries()) {
      const r = mknods[i];
      if (r?.ok) continue;
      out.push(
        observationFinding(
          id,
          [
            minor === 202
              ? 'config-linux.resources.devices.wildcards'
              : 'config-linux.resources.devices.order',
          ],
          `mknod c 1:${minor}`,
          `expected mknod of char 1:${minor} allowed by the device rules, found ${r ? r.error : 'no attempt'}`,
          'ok',
          r?.error ?? null,
        ),
      );
    }
    return out;
  }
  deviceExpectations.forEach((x, i) => {
    const r = results[3 + i];
    if (!r) {
      out.push(
        observationFinding(id, [x.requirement], x.what, `expected a result for ${x.what}, found none`),
      );
      return;
    }
    const refused = !r.ok && r.errno === EPERM;
    if (refused === !x.allowed) return;
    out.push(
      observationFinding(
        id,
        [x.requirement],
        x.what,
        x.allowed
          ? `expected ${x.what} allowed by the device rules (ok or an errno other than EPERM), found EPERM`
          : `expected ${x.what} refused with EPERM by the device rules, found ${r.ok ? 'it succeeded' : r.error}`,
        x.allowed ? 'allowed' : 'EPERM',
        r.ok ? 'ok' : r.error,
      ),
    );
  });
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.resources.devices.order',
  'config-linux.resources.devices.wildcards',
];

export const cgroupsDevices = defineCase({
  id,
  group: 'cgroups',
  requirements,
  description:
    'denies every device, then allows and denies char 1:200..1:202 in an order where only list order gives the right verdicts; the probe mknods and opens them (EPERM means refused)',
  needs(host) {
    if (host.cgroupMode === 'v2') return null; // eBPF device filter; no controller file to look for
    return host.cgroupControllers.includes('devices')
      ? null
      : `needs the devices cgroup controller (available: ${host.cgroupControllers.join(', ') || 'none'})`;
  },
  build(config) {
    const caps = [...defaultCapabilities, 'CAP_MKNOD'];
    config.capabilities({ bounding: caps, effective: caps, permitted: caps });
    config.resources({ devices: structuredClone(caseDeviceRules) });
    config.probe('tries', deviceProbeArgs());
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const results = parseProbeOutput(ctx, out, parseTryResults);
    if (!results) return;
    return checkDevices(results);
  },
});
