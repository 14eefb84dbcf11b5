// process.defaults: what a runtime must leave alone when the config does not ask for it: no terminal
// unless `terminal` is true (consoleSize ignored), only stdin, stdout and stderr open, the caller's
// oom_score_adj and umask kept.
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'process.defaults';

/** consoleSize the case sets while leaving `terminal` out (so it defaults to false). */
export const caseConsoleSize = { height: 10, width: 20 };

/** What the caller (the harness, whose attributes the runtime inherits) had. */
export interface CallerAttributes {
  oomScoreAdj: number | null;
  umask: number | null;
}

/** The harness's own oom_score_adj and umask, from procfs. */
export function callerAttributes(proc = '/proc/self'): CallerAttributes {
  const read = (f: string) => {
    try {
      return readFileSync(`${proc}/${f}`, 'utf8');
    } catch {
      return undefined;
    }
  };
  const oom = read('oom_score_adj');
  const um = /^Umask:\s*([0-7]+)$/m.exec(read('status') ?? '');
  return {
    oomScoreAdj: oom === undefined ? null : Number(oom.trim()),
    umask: um ? parseInt(um[1]!, 8) : null,
  };
}

/** A path a terminal device has inside the container. */
const ttyTarget = /^\/dev\/(pts\/\d+|tty\w*|console)$/;

/**
 * Compares the observation with the defaults. `terminal` is left out of the config and consoleSize is set.
 * SPEC: the probe's stdio must be the harness's files; "ignored" means no terminal was allocated for it.
 */
export function checkDefaults(obs: Observation, caller: CallerAttributes): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  const fds = obs.fds ?? [];
  const stdio = fds.filter((d) => d.fd <= 2);
  const ttys = stdio.filter((d) => d.target !== null && ttyTarget.test(d.target));
  if (ttys.length > 0)
    f(
      ['config.process.terminal-default-false', 'config.process.consoleSize-ignored-without-terminal'],
      'stdio terminal',
      `expected no terminal on stdio with terminal left out and consoleSize set, found ${ttys.map((d) => `fd ${d.fd} -> ${d.target}`).join(', ')}`,
      'not a terminal',
      ttys,
    );
  const extra = fds.filter((d) => d.fd > 2);
  if (obs.fds === null || extra.length > 0)
    f(
      ['runtime-linux.fds.only-stdio-by-default'],
      'open fds',
      `expected only fds 0, 1 and 2 open in the user program, found ${obs.fds === null ? 'the list unreadable' : extra.map((d) => `fd ${d.fd} -> ${d.target}`).join(', ')}`,
      [0, 1, 2],
      fds.map((d) => d.fd),
    );
  if (caller.oomScoreAdj !== null && obs.oomScoreAdj !== caller.oomScoreAdj)
    f(
      ['config.process.oomScoreAdj.unset-unchanged'],
      'oomScoreAdj',
      `expected oom_score_adj ${caller.oomScoreAdj} (the caller's, oomScoreAdj is unset), found ${String(obs.oomScoreAdj)}`,
      caller.oomScoreAdj,
      obs.oomScoreAdj,
    );
  if (caller.umask !== null && obs.umask !== caller.umask)
    f(
      ['config.process.user.umask-unset'],
      'umask',
      `expected umask ${caller.umask.toString(8).padStart(4, '0')} (the caller's, umask is unset), found ${obs.umask.toString(8).padStart(4, '0')}`,
      caller.umask,
      obs.umask,
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.terminal-default-false',
  'config.process.consoleSize-ignored-without-terminal',
  'runtime-linux.fds.only-stdio-by-default',
  'config.process.oomScoreAdj.unset-unchanged',
  'config.process.user.umask-unset',
];

export const processDefaults = defineCase({
  id,
  group: 'process',
  requirements,
  description:
    "leaves terminal, oomScoreAdj and umask out and sets consoleSize: stdio are the harness files, only fds 0-2 are open, oom_score_adj and umask are the caller's",
  build(config) {
    delete config.config.process!.terminal;
    config.set('/process/consoleSize', { ...caseConsoleSize });
  },
  async run(ctx) {
    const caller = callerAttributes();
    ctx.observe('caller', caller);
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkDefaults(obs, caller);
  },
});
