// process.exec-environment: args (with execvp's PATH lookup of args[0]), cwd and env of the user program.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'process.exec-environment';

/** args[0] is a bare name: the runtime must find /probe through the container's PATH, as execvp does. */
export const caseArgs = ['probe', 'report'];
export const caseCwd = '/tmp';
export const caseEnv = ['PATH=/usr/bin:/', 'OCI_CONFORM_VAR=a b=c', 'OCI_CONFORM_EMPTY='];

/**
 * Compares argv, cwd and environment with `process`.
 * SPEC: env has environ semantics; the spec does not forbid a runtime from adding variables (runc adds HOME
 * when it is missing), so every configured entry must be present as given and extra entries are allowed.
 */
export function checkExecEnvironment(obs: Observation, config: RuntimeConfig): Finding[] {
  const p = config.process;
  if (!p) return [];
  const out: Finding[] = [];
  if (p.args && JSON.stringify(obs.args) !== JSON.stringify(p.args))
    out.push(
      observationFinding(
        id,
        ['config.process.args-execvp'],
        'args',
        `expected argv ${JSON.stringify(p.args)}, found ${JSON.stringify(obs.args)}`,
        p.args,
        obs.args,
      ),
    );
  if (obs.cwd !== p.cwd)
    out.push(
      observationFinding(
        id,
        ['config.process.cwd-applied'],
        'cwd',
        `expected working directory ${p.cwd}, found ${obs.cwd}`,
        p.cwd,
        obs.cwd,
      ),
    );
  const missing = (p.env ?? []).filter((e) => !obs.env.includes(e));
  if (missing.length > 0)
    out.push(
      observationFinding(
        id,
        ['config.process.env-applied'],
        'env',
        `expected environment entries ${JSON.stringify(missing)}, found them missing`,
        p.env,
        obs.env,
      ),
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.args-execvp',
  'config.process.cwd-applied',
  'config.process.env-applied',
];

export const processExecEnvironment = defineCase({
  id,
  group: 'process',
  requirements,
  description:
    'runs the probe by a bare name found through PATH, in /tmp, with extra variables, and reads argv, cwd and env back',
  build(config) {
    config
      .args(...caseArgs)
      .cwd(caseCwd)
      .env(...caseEnv);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkExecEnvironment(obs, ctx.bundle.config);
  },
});
