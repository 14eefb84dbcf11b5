// Judging mount options from /proc/self/mountinfo: a case lists mounts, each with the words each of its
// options must (or must not) leave in mountinfo, and one container shows them all at once.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type MountEntry, type Observation } from '../../../harness/probe/observation.js';
import type { Bundle, CaseContext } from '../../../harness/runtime/case.js';
import type { ConfigBuilder, MountEntry as ConfigMount } from '../../../harness/runtime/config-builder.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding } from '../area-kit.js';

/** Which part of a mountinfo line a word is looked for in. */
export type MountField = 'options' | 'superOptions' | 'propagation';

/** What one option must show in mountinfo, checked on the mount at `path` (default: the destination). */
export interface WordExpectation {
  /** The option checked. */
  option: string;
  requirement: RuntimeRequirementId;
  field: MountField;
  /** A word of the field; a word ending in ':' matches by prefix (`shared:` matches `shared:12`). */
  word: string;
  present: boolean;
  /** A path below the destination (a submount of an rbind), when the option is checked there. */
  path?: string;
}

/** How many mountinfo entries `path` must have (a remount stacks none; a bind does not copy submounts). */
export interface CountExpectation {
  option: string;
  requirement: RuntimeRequirementId;
  count: number;
  path?: string;
}

export type OptionExpectation = WordExpectation | CountExpectation;

/** One mount of a case: the config entries made at its destination (more than one for `remount`). */
export interface TableMount {
  entries: ConfigMount[];
  /** The mount point checked when it is not the first entry's destination (e.g. `/` for rootfsPropagation). */
  at?: string;
  expect: OptionExpectation[];
}

/** The stable key of an expectation's check. */
export function expectationKey(e: OptionExpectation): string {
  const what = 'count' in e ? `${e.count} mounts` : `${e.present ? '' : 'no '}${e.word}`;
  return `option ${e.option} ${what}${e.path ? ` at ${e.path}` : ''}`;
}

/** The mount visible at `path`: the last mountinfo entry for that mount point. */
export function mountAt(obs: Observation, path: string): MountEntry | undefined {
  const at = (obs.mounts ?? []).filter((m) => m.mountPoint === path);
  return at[at.length - 1];
}

function hasWord(values: readonly string[], word: string): boolean {
  return word.endsWith(':') ? values.some((v) => v.startsWith(word)) : values.includes(word);
}

/** Every requirement a table checks, in first-seen order (a case's `requirements`). */
export function tableRequirements(table: readonly TableMount[]): RuntimeRequirementId[] {
  const out = new Set<RuntimeRequirementId>();
  for (const m of table) for (const e of m.expect) out.add(e.requirement);
  return [...out];
}

/** Compares the mountinfo of each table mount with what its options must show. */
export function checkMountTable(rule: string, obs: Observation, table: readonly TableMount[]): Finding[] {
  const out: Finding[] = [];
  for (const t of table) {
    const dest = t.at ?? t.entries[0]!.destination;
    for (const e of t.expect) {
      const path = e.path ?? dest;
      if ('count' in e) {
        const n = (obs.mounts ?? []).filter((m) => m.mountPoint === path).length;
        if (n !== e.count)
          out.push(
            observationFinding(
              rule,
              [e.requirement],
              expectationKey(e),
              `expected ${e.count} mounts at ${path} (option ${e.option}), found ${n}`,
              e.count,
              n,
            ),
          );
        continue;
      }
      const m = mountAt(obs, path);
      if (!m) {
        out.push(
          observationFinding(
            rule,
            [e.requirement],
            expectationKey(e),
            `expected a mount at ${path} to check option ${e.option}, found none in mountinfo`,
            path,
            null,
          ),
        );
        continue;
      }
      const values = m[e.field];
      if (hasWord(values, e.word) === e.present) continue;
      const where =
        e.field === 'options'
          ? 'per-mount options'
          : e.field === 'superOptions'
            ? 'superblock options'
            : 'propagation fields';
      out.push(
        observationFinding(
          rule,
          [e.requirement],
          expectationKey(e),
          `expected ${e.word}${e.word.endsWith(':') ? 'N' : ''} ${e.present ? 'in' : 'not in'} the ${where} of ${path} (option ${e.option}), found ${values.join(',') || 'none'}`,
          `${e.present ? '' : 'no '}${e.word}`,
          values,
        ),
      );
    }
  }
  return out;
}

/** Shorthands for expectations. */
export const show = (
  option: string,
  requirement: RuntimeRequirementId,
  field: MountField,
  word: string,
  path?: string,
): OptionExpectation => ({ option, requirement, field, word, present: true, ...(path ? { path } : {}) });
export const count = (
  option: string,
  requirement: RuntimeRequirementId,
  n: number,
  path?: string,
): CountExpectation => ({ option, requirement, count: n, ...(path ? { path } : {}) });
export const hide = (
  option: string,
  requirement: RuntimeRequirementId,
  field: MountField,
  word: string,
  path?: string,
): OptionExpectation => ({ option, requirement, field, word, present: false, ...(path ? { path } : {}) });

/** Adds a table's config entries to a config, in order (a remount is a second entry at one destination). */
export function addTableMounts(config: ConfigBuilder, table: readonly TableMount[]): void {
  const mounts = (config.config.mounts ??= []);
  for (const t of table) for (const e of t.entries) mounts.push(structuredClone(e));
}

/**
 * Runs one container per table (the first in the main bundle, the others in bundles of their own, two at a
 * time) and judges each table against its container's mountinfo. A container that cannot be created is a
 * finding against that table's requirements only, so one option a runtime refuses hides no other.
 */
export async function runTables(
  ctx: CaseContext,
  rule: string,
  tables: readonly (readonly TableMount[])[],
  prepare?: (bundle: Bundle) => Promise<void>,
  /** Config edits per table beyond its mounts (the first table's belongs in the case's `build`). */
  edits?: readonly ((c: ConfigBuilder) => void)[],
): Promise<Finding[]> {
  const one = async (table: readonly TableMount[], i: number): Promise<Finding[]> => {
    const bundle =
      i === 0
        ? ctx.bundle
        : await ctx.makeBundle((c) => {
            addTableMounts(c, table);
            edits?.[i]?.(c);
            c.probe('report');
          });
    if (prepare) await prepare(bundle);
    const cid = i === 0 ? ctx.containerId : ctx.newContainerId(`t${i}`);
    const reqs = tableRequirements(table);
    const options = [...new Set(table.flatMap((t) => t.entries.flatMap((e) => e.options ?? [])))].join(',');
    const created = await ctx.runtime.create({ id: cid, bundle });
    const what = options ? `create with mount options ${options}` : `create ${i}`;
    if (!ctx.check.succeeded(created, { requirements: reqs, what })) return [];
    const started = await ctx.runtime.start(cid);
    if (!ctx.check.succeeded(started, { requirements: ['runtime.start.runs-program'], what: `start ${i}` }))
      return [];
    const stopped = await ctx.waitForStatus('stopped', { id: cid });
    if (!stopped.matched) {
      ctx.check.fail({
        requirements: ['runtime.state.status-stopped'],
        what: `state ${i} after the probe exited`,
        message:
          'expected status stopped after the probe printed its observation and exited, found it still not stopped',
        expected: 'stopped',
        actual: stopped.last?.state?.status,
      });
      return [];
    }
    const text = await ctx.output({ id: cid });
    let obs: Observation;
    try {
      obs = parseObservation(text);
    } catch (e) {
      ctx.check.fail({
        requirements: ['runtime.lifecycle.run-user-program'],
        what: `probe output ${i}`,
        message: `expected the probe's JSON on the container's stdout, found something else: ${(e as Error).message}`,
      });
      return [];
    }
    const shown = new Set(table.map((t) => t.at ?? t.entries[0]!.destination));
    ctx.observe(
      `mounts ${i}`,
      (obs.mounts ?? []).filter((m) => m.mountPoint.startsWith('/mnt/') || shown.has(m.mountPoint)),
    );
    return checkMountTable(rule, obs, table);
  };
  const out: Finding[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < tables.length) {
      const i = next++;
      out[i] = await one(tables[i]!, i);
    }
  };
  await Promise.all([worker(), worker()]);
  return out.flat();
}
