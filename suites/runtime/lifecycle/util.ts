// Small steps the lifecycle cases share: create-and-check, the pid file, process state on the host.
import { readFile } from 'node:fs/promises';
import { commandLocation } from '../../../harness/runtime/context.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import type { CaseContext, CreateResult, StateDocument, StateResult } from '../../../harness/runtime/case.js';

/** Creates the main container (or `id`/`bundle`) and checks that create succeeded. */
export async function createOk(
  ctx: CaseContext,
  opts: Parameters<CaseContext['runtime']['create']>[0] = {},
): Promise<CreateResult | undefined> {
  const r = await ctx.runtime.create(opts);
  return ctx.check.succeeded(r, { requirements: ['runtime.create.creates-container'], what: 'create' })
    ? r
    : undefined;
}

/** Starts a container and checks that start succeeded. */
export async function startOk(ctx: CaseContext, id?: string): Promise<boolean> {
  const r = await ctx.runtime.start(id);
  return ctx.check.succeeded(r, { requirements: ['runtime.start.runs-program'], what: 'start' });
}

/** The state document, checking that `state` succeeded. */
export async function stateOk(
  ctx: CaseContext,
  id?: string,
  what = 'state',
): Promise<StateDocument | undefined> {
  const r = await ctx.runtime.state(id);
  if (!ctx.check.succeeded(r, { requirements: ['runtime.query-state.returns-state'], what }))
    return undefined;
  return r.state;
}

/**
 * Waits (within the case deadline) for the status `stopped`; a wait that never sees it is a finding
 * against `requirements`. Returns the wait's result for the caller's observations.
 */
export async function stoppedOk(
  ctx: CaseContext,
  what = 'status after exit',
  requirements: RuntimeRequirementId[] = ['runtime.state.status-stopped'],
): Promise<{ matched: boolean; last: StateResult | undefined }> {
  const w = await ctx.waitForStatus('stopped');
  ctx.check.that(w.matched, {
    requirements,
    what,
    expected: 'stopped',
    actual: w.last?.state?.status ?? w.last?.stderr,
  });
  return w;
}

/** The pid in a pid file written by create, or undefined. */
export async function readPidFile(path: string | undefined): Promise<number | undefined> {
  if (path === undefined) return undefined;
  try {
    const n = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Process state letter from /proc/PID/stat (`R`, `S`, `Z`...), or undefined when the pid is gone. */
export async function processState(pid: number): Promise<string | undefined> {
  try {
    const s = await readFile(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** The part of a state document that an operation with no effect must leave unchanged. */
export function stateCore(s: StateDocument | undefined): Record<string, unknown> | undefined {
  if (!s) return undefined;
  return { id: s.id, status: s.status, pid: s.pid, bundle: s.bundle };
}

/** Lines the probe's `wait` mode printed, parsed (non-JSON lines are skipped). */
export function probeEvents(text: string): { event?: string; signo?: number; name?: string; pid?: number }[] {
  const out: { event?: string; signo?: number; name?: string; pid?: number }[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      out.push(JSON.parse(t));
    } catch {
      /* partial line */
    }
  }
  return out;
}

/**
 * Checks that an operation that must have no effect left the container as `before` described it; a failing
 * `state` afterwards (the container is gone) is reported as such, not as a comparison with nothing.
 */
export function checkUnchanged(
  ctx: CaseContext,
  before: StateDocument | undefined,
  after: StateResult,
  requirements: RuntimeRequirementId[],
  what: string,
): boolean {
  if (!after.state) {
    const how = after.exitCode === null ? 'did not answer' : `exited ${after.exitCode}`;
    return ctx.check.fail({
      requirements,
      what,
      message: `${what}: expected the container unchanged (status ${JSON.stringify(before?.status)}) but state ${how}: ${after.stderr.trim().slice(-200) || 'no output'}`,
      expected: stateCore(before),
      actual: `state ${how}`,
      location: commandLocation(after),
    });
  }
  return ctx.check.equal(stateCore(after.state), stateCore(before), { requirements, what });
}
