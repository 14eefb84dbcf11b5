// Lifecycle cases about kill: TERM, USR1, USR2 and KILL by name and by number to running and created
// containers, and errors with no effect on stopped and unknown ones.
import { constants } from 'node:os';
import { defineCase, type CaseContext, type RuntimeCase } from '../../../harness/runtime/case.js';
import { checkUnchanged, createOk, probeEvents, startOk, stoppedOk } from './util.js';

const caught = ['TERM', 'USR1', 'USR2'] as const;
type Form = 'name' | 'number';

/** How the signal is written on the kill command line. */
function spell(name: string, form: Form): string {
  // Signal numbers are the host's: the container runs on the same kernel and architecture.
  return form === 'name' ? name : String(constants.signals[`SIG${name}` as keyof typeof constants.signals]);
}

function killRunning(form: Form): RuntimeCase {
  return defineCase({
    id: `lifecycle.kill.running-by-${form}`,
    group: 'lifecycle',
    requirements: ['runtime.kill.sends-signal'],
    description: `kill ID SIGNAL with the signal given by ${form} delivers TERM, USR1 and USR2 to a running container process (which handles them) and KILL stops it`,
    build: (c) => c.probe('wait'),
    async run(ctx) {
      if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
      if (!(await ctx.waitForOutput(/"ready"/))) {
        ctx.check.fail({
          requirements: ['runtime.start.runs-program'],
          what: 'probe ready',
          message: 'the probe did not report ready after start',
        });
        return;
      }
      for (const sig of caught) {
        const arg = spell(sig, form);
        const k = await ctx.runtime.kill(arg);
        if (!ctx.check.succeeded(k, { requirements: ['runtime.kill.sends-signal'], what: `kill ${arg}` }))
          continue;
        const seen = await ctx.waitForOutput(
          (t) => probeEvents(t).some((e) => e.event === 'signal' && e.name === `SIG${sig}`),
          {
            timeoutMs: 5000,
          },
        );
        ctx.check.that(seen !== undefined, {
          requirements: ['runtime.kill.sends-signal'],
          what: `SIG${sig} received`,
          message: `kill ${arg}: expected the container process to receive SIG${sig} but it reported no such signal`,
          expected: `SIG${sig}`,
          actual: probeEvents(await ctx.output())
            .filter((e) => e.event === 'signal')
            .map((e) => e.name),
        });
      }
      ctx.observe('probe', probeEvents(await ctx.output()));
      const arg = spell('KILL', form);
      const k = await ctx.runtime.kill(arg);
      if (!ctx.check.succeeded(k, { requirements: ['runtime.kill.sends-signal'], what: `kill ${arg}` }))
        return;
      await stoppedOk(ctx, `status after kill ${arg}`, ['runtime.kill.sends-signal']);
    },
  });
}

function killCreated(form: Form): RuntimeCase {
  return defineCase({
    id: `lifecycle.kill.created-by-${form}`,
    group: 'lifecycle',
    requirements: ['runtime.kill.sends-signal'],
    description: `kill ID SIGNAL with the signal given by ${form} is accepted for TERM, USR1, USR2 and KILL on a created container (one container each), and KILL stops it`,
    async run(ctx: CaseContext) {
      // SPEC: before start the container process is the runtime's own init, whose reaction to TERM/USR1/USR2
      // the spec does not define (runc's init dies, crun's ignores it); we require only that kill succeeds,
      // and that KILL ends the container.
      await Promise.all(
        [...caught, 'KILL'].map(async (sig) => {
          const bundle = await ctx.makeBundle((c) => c.probe('wait'));
          const id = ctx.newContainerId(sig.toLowerCase());
          if (!(await createOk(ctx, { id, bundle }))) return;
          const arg = spell(sig, form);
          const k = await ctx.runtime.kill(arg, id);
          if (
            !ctx.check.succeeded(k, {
              requirements: ['runtime.kill.sends-signal'],
              what: `kill ${arg} on a created container`,
            })
          )
            return;
          if (sig === 'KILL') {
            const w = await ctx.waitForStatus('stopped', { id });
            ctx.check.that(w.matched, {
              requirements: ['runtime.kill.sends-signal'],
              what: `status after kill ${arg} on a created container`,
              expected: 'stopped',
              actual: w.last?.state?.status,
            });
          } else {
            const s = await ctx.runtime.state(id);
            ctx.observe(`after ${arg}`, s.state?.status);
          }
        }),
      );
    },
  });
}

export const killRunningByName = killRunning('name');
export const killRunningByNumber = killRunning('number');
export const killCreatedByName = killCreated('name');
export const killCreatedByNumber = killCreated('number');

export const killStopped = defineCase({
  id: 'lifecycle.kill.stopped-errors',
  group: 'lifecycle',
  requirements: ['runtime.kill.wrong-state-error', 'runtime.kill.wrong-state-no-effect'],
  description: 'kill on a stopped container fails and leaves its state as it was',
  build: (c) => c.probe('exit', ['0']),
  async run(ctx) {
    if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
    const w = await stoppedOk(ctx);
    if (!w.matched) return;
    for (const sig of ['KILL', 'TERM']) {
      const k = await ctx.runtime.kill(sig);
      ctx.check.failed(k, {
        requirements: ['runtime.kill.wrong-state-error'],
        what: `kill ${sig} on a stopped container`,
      });
    }
    checkUnchanged(
      ctx,
      w.last?.state,
      await ctx.runtime.state(),
      ['runtime.kill.wrong-state-no-effect'],
      'state after kill on a stopped container',
    );
  },
});

export const killUnknown = defineCase({
  id: 'lifecycle.kill.unknown-id',
  group: 'lifecycle',
  requirements: ['runtime.kill.wrong-state-error', 'runtime.kill.missing-id-error'],
  description: 'kill of an id that names no container fails, and so does kill without an id',
  async run(ctx) {
    const r = await ctx.runtime.kill('KILL', ctx.newContainerId('unknown'));
    ctx.check.failed(r, { requirements: ['runtime.kill.wrong-state-error'], what: 'kill of an unknown id' });
    const m = await ctx.runtime.raw(['kill']);
    ctx.check.failed(m, { requirements: ['runtime.kill.missing-id-error'], what: 'kill without an id' });
  },
});
