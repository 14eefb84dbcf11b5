// Pure checks of the rdt cases (config-linux.md "IntelRdt"): what the resctrl tree must look like after
// create and delete, given the config's intelRdt fields. Observations come from harness/runtime/resctrl.ts.
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { parseSchemata, type ResctrlGroup } from '../../../harness/runtime/resctrl.js';
import { observationFinding } from '../area-kit.js';

/** The schema fields of linux.intelRdt. */
export interface SchemaFields {
  l3CacheSchema?: string;
  memBwSchema?: string;
  schemata?: string[];
}

type Source = 'l3CacheSchema' | 'memBwSchema' | 'schemata';

/**
 * `RESOURCE:DOMAIN` -> the value the CLOS schemata file must hold and the field that wrote it last, when
 * the runtime writes l3CacheSchema, then memBwSchema, then the schemata lines (config-linux.md).
 */
export function expectedSchemata(f: SchemaFields): Record<string, { value: number; source: Source }> {
  const out: Record<string, { value: number; source: Source }> = {};
  const apply = (lines: string[], source: Source) => {
    for (const [res, doms] of Object.entries(parseSchemata(lines)))
      for (const [dom, value] of Object.entries(doms)) out[`${res}:${dom}`] = { value, source };
  };
  if (f.l3CacheSchema !== undefined) apply([f.l3CacheSchema], 'l3CacheSchema');
  if (f.memBwSchema !== undefined) apply([f.memBwSchema], 'memBwSchema');
  if (f.schemata !== undefined) apply(f.schemata, 'schemata');
  return out;
}

/** The requirement a wrong value breaks, by the field that should have written it. */
function schemaRequirement(f: SchemaFields, source: Source): RuntimeRequirementId {
  if (source === 'schemata') return 'config-linux.intelRdt.schemata-written-last';
  return f.l3CacheSchema !== undefined && f.memBwSchema !== undefined
    ? 'config-linux.intelRdt.both-schemas-written'
    : 'config-linux.intelRdt.one-schema-written';
}

/** Every value the fields set is in the group's schemata file, as written by the last field setting it. */
export function checkSchemata(rule: string, group: ResctrlGroup | undefined, f: SchemaFields): Finding[] {
  if (!group) return [];
  const seen = parseSchemata(group.schemata);
  const out: Finding[] = [];
  for (const [key, want] of Object.entries(expectedSchemata(f))) {
    const [res, dom] = key.split(':') as [string, string];
    const got = seen[res]?.[dom];
    if (got !== want.value)
      out.push(
        observationFinding(
          rule,
          [schemaRequirement(f, want.source)],
          `schemata ${key}`,
          `expected ${key}=${want.value} in the CLOS schemata file (written from ${want.source}${want.source === 'schemata' ? ', after l3CacheSchema and memBwSchema' : ''}), found ${got === undefined ? 'no such entry' : got}`,
          want.value,
          got ?? null,
        ),
      );
  }
  return out;
}

/** The group exists and holds the container process. */
export function checkPlaced(
  rule: string,
  group: ResctrlGroup | undefined,
  pid: number,
  closID: string,
  requirements: RuntimeRequirementId[],
): Finding[] {
  if (!group)
    return [
      observationFinding(
        rule,
        requirements,
        `group ${closID}`,
        `expected the resctrl group ${closID} to exist after create, found no such directory`,
        'a directory',
        null,
      ),
    ];
  if (!group.tasks.includes(pid))
    return [
      observationFinding(
        rule,
        requirements,
        `tasks of ${closID}`,
        `expected the container process ${pid} in the tasks file of ${closID}, found ${group.tasks.length ? group.tasks.join(' ') : 'no pid'}`,
        pid,
        group.tasks,
      ),
    ];
  return [];
}

/** A directory (group or MON group) exists, or not, as `want` says. */
export function checkPresence(
  rule: string,
  what: string,
  present: boolean,
  want: boolean,
  requirements: RuntimeRequirementId[],
  when: string,
): Finding[] {
  if (present === want) return [];
  return [
    observationFinding(
      rule,
      requirements,
      what,
      `expected ${what} ${want ? 'to exist' : 'to be gone'} ${when}, found it ${present ? 'still there' : 'missing'}`,
      want ? 'present' : 'absent',
      present ? 'present' : 'absent',
    ),
  ];
}

/** Two listings (group names, or a schemata file's lines) are the same. */
export function checkUnchanged(
  rule: string,
  what: string,
  before: readonly string[],
  after: readonly string[],
  requirements: RuntimeRequirementId[],
): Finding[] {
  const b = [...before].sort();
  const a = [...after].sort();
  if (b.length === a.length && b.every((x, i) => x === a[i])) return [];
  return [
    observationFinding(
      rule,
      requirements,
      what,
      `expected ${what} unchanged by the container, found ${JSON.stringify(before)} before and ${JSON.stringify(after)} after`,
      before,
      after,
    ),
  ];
}

/**
 * Schema values to write, derived from the root group's schemata so the host accepts them: the first
 * L3 domain gets a 2-bit mask, the first MB domain 50; the schemata line overrides MB with 70 (or L3
 * with a 3-bit mask when there is no MB), which only a runtime writing it last shows.
 */
export function schemaValuesFor(root: ResctrlGroup): {
  both: SchemaFields;
  one: SchemaFields;
  mismatch: SchemaFields;
} {
  const s = parseSchemata(root.schemata);
  const l3d = Object.keys(s.L3 ?? {})[0];
  const mbd = Object.keys(s.MB ?? {})[0];
  const l3 = l3d !== undefined ? `L3:${l3d}=3` : undefined;
  const mb = mbd !== undefined ? `MB:${mbd}=50` : undefined;
  const over = mbd !== undefined ? `MB:${mbd}=70` : l3d !== undefined ? `L3:${l3d}=7` : undefined;
  const both: SchemaFields = {};
  if (l3) both.l3CacheSchema = l3;
  if (mb) both.memBwSchema = mb;
  if (over) both.schemata = [over];
  const one: SchemaFields = l3 ? { l3CacheSchema: l3 } : mb ? { memBwSchema: mb } : {};
  return { both, one, mismatch: one };
}
