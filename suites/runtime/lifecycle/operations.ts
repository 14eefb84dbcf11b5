// lifecycle.operations.same-runtime: one container taken through state, create, start, kill and delete by
// the same runtime and global options; every operation works and every state names a status of the spec.
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase, type CaseContext, type StateDocument } from '../../../harness/runtime/case.js';
import type { CommandRecord } from '../../../model/report.js';
import { statusRequirements } from '../area-kit.js';

/** Evidence against both operation requirements, besides the operation's own. */
const everyOperation: RuntimeRequirementId[] = [
  'runtime.operations.all-supported',
  'runtime.scope.same-entity-operations',
];

function operationOk(ctx: CaseContext, r: CommandRecord, own: RuntimeRequirementId, what: string): boolean {
  return ctx.check.succeeded(r, { requirements: [own, ...everyOperation], what });
}

/** Status at a point where the container is provably in `want`; see {@link statusRequirements}. */
function statusIs(
  ctx: CaseContext,
  doc: StateDocument | undefined,
  want: 'created' | 'running' | 'stopped',
  what: string,
): void {
  if (!doc) return;
  if (doc.status === want) return;
  ctx.check.fail({
    requirements: statusRequirements(`runtime.state.status-${want}`, doc.status),
    what,
    message: `expected status ${want} (${what}), found ${JSON.stringify(doc.status)}`,
    expected: want,
    actual: doc.status ?? null,
  });
}

export const operationsSameRuntime = defineCase({
  id: 'lifecycle.operations.same-runtime',
  group: 'lifecycle',
  requirements: [
    ...everyOperation,
    'runtime.state.status',
    'runtime.state.status-extension-only-new-states',
    'runtime.state.status-created',
    'runtime.state.status-running',
    'runtime.state.status-stopped',
  ],
  description:
    'create, state, start, state, kill, state and delete of one container with the same runtime and --root all succeed, the status is created, running and stopped in turn, and state fails once it is deleted',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    const created = await ctx.runtime.create();
    if (!operationOk(ctx, created, 'runtime.create.creates-container', 'create')) return;
    const s1 = await ctx.runtime.state();
    if (!operationOk(ctx, s1, 'runtime.query-state.returns-state', 'state after create')) return;
    ctx.observe('created', s1.state);
    statusIs(ctx, s1.state, 'created', 'status after create');
    const started = await ctx.runtime.start();
    if (!operationOk(ctx, started, 'runtime.start.runs-program', 'start')) return;
    await ctx.waitForOutput(/"ready"/);
    const s2 = await ctx.runtime.state();
    if (!operationOk(ctx, s2, 'runtime.query-state.returns-state', 'state after start')) return;
    ctx.observe('running', s2.state);
    statusIs(ctx, s2.state, 'running', 'status after start');
    const killed = await ctx.runtime.kill('KILL');
    if (!operationOk(ctx, killed, 'runtime.kill.sends-signal', 'kill KILL')) return;
    const stopped = await ctx.waitForStatus('stopped');
    ctx.observe('stopped', stopped.last?.state);
    if (!stopped.matched) {
      statusIs(ctx, stopped.last?.state, 'stopped', 'status after kill KILL');
      if (stopped.last?.state?.status === 'stopped' || !stopped.last?.state)
        ctx.check.fail({
          requirements: ['runtime.state.status-stopped', ...everyOperation],
          what: 'status after kill KILL',
          message: 'expected status stopped after kill KILL, found state no longer answering',
          expected: 'stopped',
          actual: stopped.last?.stderr.trim().slice(-200) ?? null,
        });
      return;
    }
    const deleted = await ctx.runtime.delete();
    if (!operationOk(ctx, deleted, 'runtime.delete.removes-created-resources', 'delete')) return;
    const gone = await ctx.runtime.state();
    ctx.check.failed(gone, {
      requirements: ['runtime.delete.removes-created-resources'],
      what: 'state after delete',
    });
  },
});
