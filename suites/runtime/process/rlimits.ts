// process.rlimits: every configured rlimit is readable with getrlimit and has the configured soft and hard values.
import { readFileSync } from 'node:fs';
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

/** Row labels of /proc/PID/limits, by rlimit type. */
const limitsLabel: Record<string, string> = {
  RLIMIT_CPU: 'Max cpu time',
  RLIMIT_FSIZE: 'Max file size',
  RLIMIT_DATA: 'Max data size',
  RLIMIT_STACK: 'Max stack size',
  RLIMIT_CORE: 'Max core file size',
  RLIMIT_RSS: 'Max resident set',
  RLIMIT_NPROC: 'Max processes',
  RLIMIT_NOFILE: 'Max open files',
  RLIMIT_MEMLOCK: 'Max locked memory',
  RLIMIT_AS: 'Max address space',
  RLIMIT_LOCKS: 'Max file locks',
  RLIMIT_SIGPENDING: 'Max pending signals',
  RLIMIT_MSGQUEUE: 'Max msgqueue size',
  RLIMIT_NICE: 'Max nice priority',
  RLIMIT_RTPRIO: 'Max realtime priority',
  RLIMIT_RTTIME: 'Max realtime timeout',
};

/** Hard limits from a /proc/PID/limits text, by rlimit type (`unlimited` as RLIM_INFINITY). */
export function parseHardLimits(text: string): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [type, label] of Object.entries(limitsLabel)) {
    const line = text.split('\n').find((l) => l.startsWith(label));
    if (!line) continue;
    const cols = line.slice(label.length).trim().split(/\s+/);
    const hard = cols[1];
    if (hard === undefined) continue;
    out[type] = hard === 'unlimited' ? 18446744073709551615n : BigInt(hard);
  }
  return out;
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
