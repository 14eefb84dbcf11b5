// process.capabilities: the five capability sets of the container process, as the kernel must have
// applied the configured ones at execve, compared with what /proc/self/status shows.
import type { Finding } from '../../../model/report.js';
import {
  parseObservation,
  type CapabilitySet as ObservedSet,
  type Observation,
} from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion, sameSet, sorted } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'process.capabilities';

export const capabilitySets = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;
export type CapabilitySetName = (typeof capabilitySets)[number];
export type CapabilitySets = Record<CapabilitySetName, string[]>;

const requirementOf: Record<CapabilitySetName, RuntimeRequirementId> = {
  bounding: 'config.process.capabilities.bounding',
  effective: 'config.process.capabilities.effective',
  inheritable: 'config.process.capabilities.inheritable',
  permitted: 'config.process.capabilities.permitted',
  ambient: 'config.process.capabilities.ambient',
};

/**
 * A configuration that is a fixed point of execve for uid 0 with no_new_privs: the kernel leaves every
 * set exactly as configured, so "the sets equal the config's" and "the kernel applied them" coincide.
 */
export const caseCapabilities: CapabilitySets = {
  bounding: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW'],
  effective: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW'],
  permitted: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW'],
  inheritable: ['CAP_CHOWN'],
  ambient: ['CAP_CHOWN'],
};

/**
 * The sets the user program must end up with, from the configured sets (capabilities(7) execve rules
 * for a file without file capabilities, not set-user-ID):
 * - a capability the runtime itself does not hold (`grantable`) cannot be granted (config.md: warn, not fail);
 * - ambient keeps only capabilities that are both permitted and inheritable (the kernel refuses others);
 * - uid 0: P' = bounding | inheritable | ambient, clamped to the pre-exec P when no_new_privs is set
 *   or the process lacks CAP_SETUID; E' = P';
 * - any other uid: P' = E' = ambient.
 *
 * SPEC: config.md says each list holds the capabilities "kept for the process" and does not say whether
 * before or after execve; the process can only be observed after it, so we judge the sets the kernel must
 * derive from the configured ones rather than the raw lists.
 */
export function expectedCapabilities(
  configured: Partial<CapabilitySets>,
  opts: { uid: number; noNewPrivileges: boolean; grantable?: readonly string[] },
): CapabilitySets {
  const g = (xs: readonly string[] | undefined) =>
    (xs ?? []).filter((c) => opts.grantable === undefined || opts.grantable.includes(c));
  const B = g(configured.bounding);
  const I = g(configured.inheritable);
  const P = g(configured.permitted);
  const E = g(configured.effective);
  const A = g(configured.ambient).filter((c) => P.includes(c) && I.includes(c));
  let Pexec: string[];
  if (opts.uid === 0) {
    Pexec = [...new Set([...B, ...I, ...A])];
    if (opts.noNewPrivileges || !E.includes('CAP_SETUID')) Pexec = Pexec.filter((c) => P.includes(c));
  } else {
    Pexec = [...A];
  }
  return {
    bounding: sorted(B),
    inheritable: sorted(I),
    permitted: sorted(Pexec),
    effective: sorted(Pexec),
    ambient: sorted(A),
  };
}

/** Compares the five observed sets with {@link expectedCapabilities} of the config. */
export function checkCapabilities(
  obs: Observation,
  config: RuntimeConfig,
  grantable?: readonly string[],
): Finding[] {
  const p = config.process;
  if (!p?.capabilities) return [];
  const want = expectedCapabilities(p.capabilities, {
    uid: p.user.uid,
    noNewPrivileges: p.noNewPrivileges === true,
    ...(grantable ? { grantable } : {}),
  });
  const out: Finding[] = [];
  for (const set of capabilitySets) {
    const got: ObservedSet | null | undefined = obs.capabilities?.[set];
    if (!got || !sameSet(got.names, want[set]))
      out.push(
        observationFinding(
          id,
          [requirementOf[set]],
          `capabilities.${set}`,
          `expected the ${set} set ${JSON.stringify(want[set])}, found ${got ? JSON.stringify(sorted(got.names)) : 'none'}`,
          want[set],
          got ? sorted(got.names) : null,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = capabilitySets.map((s) => requirementOf[s]);

export const processCapabilities = defineCase({
  id,
  group: 'process',
  requirements,
  description:
    'sets all five capability sets (uid 0, no_new_privs) and compares /proc/self/status with the kernel rules',
  build(config) {
    config.capabilities(structuredClone(caseCapabilities));
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    ctx.observe(
      'expectedCapabilities',
      expectedCapabilities(ctx.bundle.config.process?.capabilities ?? {}, {
        uid: ctx.bundle.config.process?.user.uid ?? 0,
        noNewPrivileges: ctx.bundle.config.process?.noNewPrivileges === true,
        ...(ctx.host.capabilities ? { grantable: ctx.host.capabilities } : {}),
      }),
    );
    return checkCapabilities(obs, ctx.bundle.config, ctx.host.capabilities);
  },
});
