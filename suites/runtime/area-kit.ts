// Shared pieces of the non-lifecycle runtime areas: findings about probe observations, and the common
// "create, start, let the probe print, read its output" flow of a case.
import type { Finding, FindingLevel } from '../../model/report.js';
import { findingLevelOf, requirement, type RuntimeRequirementId } from '../../requirements/index.js';
import type { CaseContext } from '../../harness/runtime/case.js';

const rank: Record<FindingLevel, number> = { must: 0, should: 1, may: 2, hazard: 3, info: 4 };

/** The strongest failing class among the requirements (`must` when none is given). */
export function levelOf(ids: readonly RuntimeRequirementId[]): FindingLevel {
  let best: FindingLevel | undefined;
  for (const id of ids) {
    const l = findingLevelOf(requirement(id));
    if (best === undefined || rank[l] < rank[best]) best = l;
  }
  return best ?? 'must';
}

/** A finding about one field of what the probe (or a host-side reader) observed. */
export function observationFinding(
  rule: string,
  requirements: RuntimeRequirementId[],
  field: string,
  message: string,
  expected?: unknown,
  actual?: unknown,
): Finding {
  const f: Finding = {
    rule,
    check: field,
    requirements: [...requirements],
    level: levelOf(requirements),
    location: { kind: 'observation', field },
    message,
  };
  if (expected !== undefined) f.expected = expected;
  if (actual !== undefined) f.actual = actual;
  return f;
}

/** Sorted copy, for comparing sets given as lists. */
export function sorted<T>(xs: readonly T[]): T[] {
  return [...xs].sort();
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/**
 * Creates and starts the main container, waits until it stopped and returns its stdout, or undefined
 * after recording why (create/start failed, or the container never stopped). `requirements` are what a
 * failing create means for this case: a runtime that cannot build the configured environment fails it.
 */
export async function runToCompletion(
  ctx: CaseContext,
  requirements: RuntimeRequirementId[],
): Promise<string | undefined> {
  const created = await ctx.runtime.create();
  if (!ctx.check.succeeded(created, { requirements, what: 'create with the configured setting' }))
    return undefined;
  const started = await ctx.runtime.start();
  if (!ctx.check.succeeded(started, { requirements: ['runtime.start.runs-program'], what: 'start' }))
    return undefined;
  const stopped = await ctx.waitForStatus('stopped');
  if (!stopped.matched) {
    ctx.check.fail({
      requirements: ['runtime.state.status-stopped'],
      what: 'state after the probe exited',
      message:
        'expected status stopped after the probe printed its observation and exited, found it still not stopped',
      expected: 'stopped',
      actual: stopped.last?.state?.status,
    });
    return undefined;
  }
  return ctx.output();
}

/** Parses probe output with `parse`; garbage becomes a finding (the user program did not run as configured). */
export function parseProbeOutput<T>(ctx: CaseContext, text: string, parse: (t: string) => T): T | undefined {
  try {
    const v = parse(text);
    ctx.observe('probe', v);
    return v;
  } catch (e) {
    ctx.observe('probeOutput', text.slice(0, 4000));
    ctx.check.fail({
      requirements: ['runtime.lifecycle.run-user-program'],
      what: 'probe output',
      message: `expected the probe's JSON on the container's stdout, found something else: ${(e as Error).message}`,
    });
    return undefined;
  }
}

/**
 * Create the container and return the pid `state` reports for it, recording a failed create (against
 * `requirements` and create's own) or a missing pid as findings; undefined when either went wrong.
 * SPEC: create applies every property except process (runtime.md), so resources are read from here.
 */
export async function createdPid(
  ctx: CaseContext,
  requirements: readonly RuntimeRequirementId[],
  what: string,
): Promise<number | undefined> {
  const created = await ctx.runtime.create();
  if (
    !ctx.check.succeeded(created, {
      requirements: [...requirements, 'runtime.create.apply-non-process-props'],
      what,
    })
  )
    return undefined;
  const st = await ctx.runtime.state();
  const pid = typeof st.state?.pid === 'number' ? st.state.pid : undefined;
  if (
    !ctx.check.that(pid !== undefined && pid > 0, {
      requirements: ['runtime.state.pid-linux'],
      what: 'state.pid after create',
      expected: 'a pid',
      actual: st.state?.pid,
    })
  )
    return undefined;
  return pid;
}

/** The status values the spec defines (runtime.md "State"). */
export const specStatuses: readonly string[] = ['creating', 'created', 'running', 'stopped'];

/**
 * What a wrong status is evidence against, besides `want` (the requirement of the status the lifecycle
 * point requires): a status that is not a non-empty string breaks `runtime.state.status`; a
 * runtime-defined value where the spec already names the state (crun's `starting` for created) breaks
 * `runtime.state.status-extension-only-new-states`.
 */
export function statusRequirements(want: RuntimeRequirementId, actual: unknown): RuntimeRequirementId[] {
  if (typeof actual !== 'string' || actual === '') return [want, 'runtime.state.status'];
  if (!specStatuses.includes(actual)) return [want, 'runtime.state.status-extension-only-new-states'];
  return [want];
}
