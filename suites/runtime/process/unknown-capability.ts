// process.unknown-capability: a capability the kernel does not know is logged as a warning and does not
// fail create; the known capabilities are still applied.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'process.unknown-capability';

/** A name no kernel has, added to the bounding, effective and permitted sets. */
export const bogusCapability = 'CAP_OCI_CONFORM_BOGUS';
/** A capability every kernel has, configured beside it: it must still be applied. */
export const knownCapability = 'CAP_KILL';

/** What create printed and what the container saw. */
export interface UnknownCapabilityTrial {
  create: { exitCode: number | null; timedOut: boolean; output: string };
  observation?: Observation;
}

/**
 * SPEC: config.md says unknown capabilities "MUST be logged as warnings" without saying where; the only
 * log the harness sees is what create printed (stdout and stderr), so the warning must name the capability
 * there.
 */
export function checkUnknownCapability(t: UnknownCapabilityTrial): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  if (t.create.timedOut || t.create.exitCode !== 0) {
    f(
      ['config.process.capabilities.no-fail-ungrantable', 'runtime.warnings.continue'],
      'create',
      `expected create to succeed with the unknown capability ${bogusCapability} (a warning, not an error), found ${t.create.timedOut ? 'no answer' : `exit code ${String(t.create.exitCode)}`}`,
      'exit code 0',
      t.create.exitCode,
    );
    return out;
  }
  if (!t.create.output.includes(bogusCapability))
    f(
      ['config.process.capabilities.unmappable-warning'],
      'warning',
      `expected create to log a warning naming ${bogusCapability}, found ${t.create.output.trim() === '' ? 'no output' : JSON.stringify(t.create.output.slice(-300))}`,
      `a warning naming ${bogusCapability}`,
      t.create.output.slice(-300),
    );
  const eff = t.observation?.capabilities?.effective?.names;
  if (t.observation && !eff?.includes(knownCapability))
    f(
      ['config.process.capabilities.no-fail-ungrantable', 'runtime.warnings.continue'],
      'known capability',
      `expected ${knownCapability}, configured beside the unknown one, in the effective set, found ${JSON.stringify(eff ?? null)}`,
      knownCapability,
      eff ?? null,
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.capabilities.unmappable-warning',
  'config.process.capabilities.no-fail-ungrantable',
  // The warning about the unknown name must not change what create does (runtime.md "Warnings").
  'runtime.warnings.continue',
];

export const processUnknownCapability = defineCase({
  id,
  group: 'process',
  requirements,
  since: '1.1.0',
  description: `adds ${bogusCapability} to three capability sets: create succeeds, logs a warning naming it, and ${knownCapability} is still applied`,
  build(config) {
    // SPEC: config.md 1.0.x made an unknown capability an error; the config declares 1.1.0 so that the
    // runtime applies the warning rule.
    config.set('/ociVersion', '1.1.0');
    const sets = [knownCapability, bogusCapability];
    config.capabilities({ bounding: [...sets], effective: [...sets], permitted: [...sets] });
  },
  async run(ctx) {
    const created = await ctx.runtime.create();
    const trial: UnknownCapabilityTrial = {
      create: {
        exitCode: created.exitCode,
        timedOut: created.timedOut,
        output: `${created.stdout}\n${created.stderr}`,
      },
    };
    if (created.exitCode === 0) {
      const started = await ctx.runtime.start();
      if (started.exitCode === 0 && (await ctx.waitForStatus('stopped')).matched) {
        const obs = parseProbeOutput(ctx, await ctx.output(), parseObservation);
        if (obs) trial.observation = obs;
      }
    }
    return checkUnknownCapability(trial);
  },
});
