// process.privileges: noNewPrivileges sets no_new_privs, and oomScoreAdj is written to oom_score_adj.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'process.privileges';

/** Positive: lowering oom_score_adj needs CAP_SYS_RESOURCE, which some CI hosts lack. */
export const caseOomScoreAdj = 500;

/** Compares no_new_privs and oom_score_adj with the config. */
export function checkPrivileges(obs: Observation, config: RuntimeConfig): Finding[] {
  const p = config.process;
  const out: Finding[] = [];
  // SPEC: only noNewPrivileges=true is checked: false does not oblige the runtime to clear a bit it inherited.
  if (p?.noNewPrivileges === true && obs.noNewPrivs !== true)
    out.push(
      observationFinding(
        id,
        ['config.process.noNewPrivileges'],
        'noNewPrivs',
        `expected no_new_privs set, found ${String(obs.noNewPrivs)}`,
        true,
        obs.noNewPrivs,
      ),
    );
  if (p?.oomScoreAdj !== undefined && obs.oomScoreAdj !== p.oomScoreAdj)
    out.push(
      observationFinding(
        id,
        ['config.process.oomScoreAdj.set'],
        'oomScoreAdj',
        `expected oom_score_adj ${p.oomScoreAdj}, found ${String(obs.oomScoreAdj)}`,
        p.oomScoreAdj,
        obs.oomScoreAdj,
      ),
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.noNewPrivileges',
  'config.process.oomScoreAdj.set',
];

export const processPrivileges = defineCase({
  id,
  group: 'process',
  requirements,
  description: 'sets noNewPrivileges and oomScoreAdj 500 and reads no_new_privs and oom_score_adj back',
  build(config) {
    config.set('/process/noNewPrivileges', true).set('/process/oomScoreAdj', caseOomScoreAdj);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkPrivileges(obs, ctx.bundle.config);
  },
});
