// process.rlimits: every configured rlimit is readable with getrlimit and has the configured soft and hard values.
import { readFileSync } from 'node:fs';
import { hardLimitsFromProc } from '../../../harness/config/views.js';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'process.rlimits';

/** What the case configures: values other than the usual defaults, soft below hard. */
export const caseRlimits = [
  { type: 'RLIMIT_NOFILE', soft: 1234, hard: 5678 },
  { type: 'RLIMIT_CORE', soft: 0, hard: 1_000_000 },
];

/** Hard limits from a /proc/PID/limits text (`unlimited` as RLIM_INFINITY): the host view's reader. */
export function parseHardLimits(text: string): Record<string, bigint> {
  return hardLimitsFromProc(text) ?? {};
}

/**
 * Why the rlimits cannot be set on this host, or null: raising a hard limit above the caller's needs
 * CAP_SYS_RESOURCE, so without it a value above the harness's own hard limit fails at create.
 */
export function rlimitSkipReason(
  wanted: { type: string; soft: number; hard: number }[],
  hostHard: Record<string, bigint>,
  capabilities: string[] | undefined,
): string | null {
  if (capabilities?.includes('CAP_SYS_RESOURCE')) return null;
  for (const r of wanted) {
    const h = hostHard[r.type];
    if (h !== undefined && BigInt(r.hard) > h)
      return `${r.type} hard ${r.hard} is above the host's hard limit ${h} and the harness lacks CAP_SYS_RESOURCE`;
  }
  return null;
}

/** Compares the probe's getrlimit values with `process.rlimits`. */
export function checkRlimits(obs: Observation, config: RuntimeConfig): Finding[] {
  const out: Finding[] = [];
  for (const r of config.process?.rlimits ?? []) {
    const got = obs.rlimits[r.type];
    if (got === undefined || got === null) {
      out.push(
        observationFinding(
          id,
          ['config.process.rlimits.getrlimit-succeeds'],
          `rlimits.${r.type}`,
          `expected getrlimit(${r.type}) to succeed inside the container, found it ${got === null ? 'failed' : 'not reported'}`,
          { soft: String(r.soft), hard: String(r.hard) },
          got ?? null,
        ),
      );
      continue;
    }
    if (BigInt(got.soft) !== BigInt(r.soft))
      out.push(
        observationFinding(
          id,
          ['config.process.rlimits.soft'],
          `rlimits.${r.type}.soft`,
          `expected ${r.type} soft limit ${r.soft}, found ${got.soft}`,
          String(r.soft),
          got.soft,
        ),
      );
    if (BigInt(got.hard) !== BigInt(r.hard))
      out.push(
        observationFinding(
          id,
          ['config.process.rlimits.hard'],
          `rlimits.${r.type}.hard`,
          `expected ${r.type} hard limit ${r.hard}, found ${got.hard}`,
          String(r.hard),
          got.hard,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.rlimits.getrlimit-succeeds',
  'config.process.rlimits.soft',
  'config.process.rlimits.hard',
];

export const processRlimits = defineCase({
  id,
  group: 'process',
  requirements,
  description: 'sets RLIMIT_NOFILE 1234/5678 and RLIMIT_CORE 0/1000000 and reads them back with getrlimit',
  needs(host) {
    let limits: Record<string, bigint> = {};
    try {
      limits = parseHardLimits(readFileSync('/proc/self/limits', 'utf8'));
    } catch {
      /* no procfs: let create decide */
    }
    return rlimitSkipReason(caseRlimits, limits, host.capabilities);
  },
  build(config) {
    for (const r of caseRlimits) config.rlimit(r.type, r.soft, r.hard);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkRlimits(obs, ctx.bundle.config);
  },
});
