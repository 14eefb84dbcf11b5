// Comparison with the reference runtime (`run --compare`): the observations of a case's two runs are
// normalized (values that vary per run are replaced by placeholders) and diffed by JSON pointer.
import { isDeepStrictEqual } from 'node:util';
import type { CaseResult, CaseStatus } from '../../model/report.js';

/** What identifies one run of the scheduler (see RunOutcome): its tag and its temp dir. */
export interface RunIdentity {
  /** Part of every container id and cgroupsPath of the run. */
  runTag: string;
  /** The run's temp dir (bundles, pid files, stdio files live under it). */
  workDir: string;
}

/**
 * The values ignored when observations are compared, in words (README and `--help` refer to this list).
 * Each is replaced by a placeholder, so presence and absence still count: a `pid` of 0 against a pid of
 * 4242 is a difference, a pid of 4242 against 5151 is not.
 */
export const ignoredInComparison: readonly { what: string; placeholder: string }[] = [
  {
    what: 'host pids: a number above 1 under a key named pid, ppid, or ending in .pid or pidFile (pid 0 and 1 are kept)',
    placeholder: '<pid>',
  },
  {
    what: 'times: every value under the keys created, monotonicNs and timeline, and any RFC 3339 timestamp inside a string',
    placeholder: '<time>',
  },
  {
    what: "the run's temp dir inside any string (bundle, rootfs, stdio and hook paths)",
    placeholder: '<run-dir>',
  },
  { what: "the run's tag inside any string (container ids, cgroupsPath)", placeholder: '<run-tag>' },
  {
    what: 'inode numbers of namespaces made for the container (>= 0xF0000000), as numbers and in links like mnt:[N]',
    placeholder: '<new-ns>',
  },
  {
    what: 'mount ids in a mounts list (key mounts, or mounts N for a trial): entries are keyed by mount point, parent names the parent mount point, id is dropped',
    placeholder: '<outside> (a parent not in the list)',
  },
  {
    what: "the process at a state's pid (statePidProcess) while it is the runtime's own init stage, not the container's program (/probe): its exe and cmdline are the runtime's",
    placeholder: '<runtime init>',
  },
  {
    what: 'order of lists whose entries each have a distinct path (devices, file probes): keyed by path',
    placeholder: '(order dropped)',
  },
  { what: 'anonymous device numbers 0:N (proc, tmpfs, mqueue... mounts)', placeholder: '0:<anon>' },
  {
    what: "the container output tails the harness adds to a failing case (the runtime's own messages)",
    placeholder: '(dropped)',
  },
  {
    what: 'state calls in the command outcomes (how often a wait polled depends on timing)',
    placeholder: '(dropped)',
  },
];

/** Observation keys left out of the comparison. */
const droppedKeys = new Set(['container output (tails)']);

const timeKeys = new Set(['created', 'monotonicNs', 'timeline']);
const pidKey = /^(pid|ppid)$|\.pid$|pidFile$/;
/** A mounts list: `mounts`, or `mounts N` for trial N. */
const mountsKey = /^mounts( \d+)?$/;

/**
 * A process seen at the state's pid that is not the container's program: the probe is the program of every
 * case (`/probe ...`), so anything else is the runtime's init stage (`runc init`, the reference's init).
 */
function isRuntimeInit(x: unknown): boolean {
  if (!isObject(x)) return false;
  const cmdline = (x as { cmdline?: unknown }).cmdline;
  return !(Array.isArray(cmdline) && typeof cmdline[0] === 'string' && cmdline[0].startsWith('/probe'));
}
const rfc3339 = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;
const firstDynamicInode = 0xf0000000;
const nsLink = /^([a-z_]+):\[(\d+)\]$/;

function escapeRe(s: string): RegExp {
  return new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
}

function normalizeString(s: string, run: RunIdentity): unknown {
  const t = s.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      // JSON inside a string (a hook's stdin: the state document) is compared as JSON.
      return { json: normalizeValue(JSON.parse(t), run, undefined) };
    } catch {
      /* not JSON */
    }
  }
  let out = s;
  if (run.workDir) out = out.replace(escapeRe(run.workDir), '<run-dir>');
  if (run.runTag) out = out.replace(escapeRe(run.runTag), '<run-tag>');
  out = out.replace(rfc3339, '<time>');
  const link = nsLink.exec(out);
  if (link && Number(link[2]) >= firstDynamicInode) out = `${link[1]}:[<new-ns>]`;
  if (/^0:\d+$/.test(out)) out = '0:<anon>';
  return out;
}

/**
 * Mount lists become objects keyed by mount point (`/proc`, a second mount on the same point `/proc (2)`),
 * with `parent` naming the parent's key and `id` dropped, so two runs' trees compare by shape and one
 * extra mount is one difference instead of a shift of the whole list.
 */
function normalizeMounts(list: unknown[], run: RunIdentity): unknown {
  const keyOf = new Map<number, string>();
  const seen = new Map<string, number>();
  const keys = list.map((m) => {
    const o = (m ?? {}) as { id?: unknown; mountPoint?: unknown };
    const point = typeof o.mountPoint === 'string' ? o.mountPoint : '?';
    const n = (seen.get(point) ?? 0) + 1;
    seen.set(point, n);
    const key = n === 1 ? point : `${point} (${n})`;
    if (typeof o.id === 'number') keyOf.set(o.id, key);
    return key;
  });
  const out: Record<string, unknown> = {};
  list.forEach((m, i) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      out[keys[i]!] = normalizeValue(m, run, undefined);
      return;
    }
    const { id: _id, ...o } = m as Record<string, unknown>;
    if (typeof o.parent === 'number') o.parent = keyOf.get(o.parent) ?? '<outside>';
    out[keys[i]!] = normalizeValue(o, run, undefined);
  });
  return out;
}

/** Every leaf of a time value becomes `<time>` (a timeline keeps its shape: which steps were timed). */
function timesOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(timesOf);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, timesOf(x)]));
  return v === null || v === undefined ? v : '<time>';
}

function normalizeValue(v: unknown, run: RunIdentity, key: string | undefined): unknown {
  if (typeof v === 'string') return normalizeString(v, run);
  if (typeof v === 'number') {
    if (key !== undefined && pidKey.test(key) && v > 1) return '<pid>';
    if (key !== undefined && timeKeys.has(key)) return '<time>';
    if (Number.isInteger(v) && v >= firstDynamicInode && v <= 0xffffffff) return '<new-ns>';
    return v;
  }
  if (Array.isArray(v)) {
    if (key !== undefined && mountsKey.test(key)) return normalizeMounts(v, run);
    const paths = v.map((x) => (isObject(x) && typeof x.path === 'string' ? x.path : undefined));
    if (v.length > 0 && paths.every((p) => p !== undefined) && new Set(paths).size === v.length) {
      // Lists of path entries (devices, file probes) are keyed by path: directory order is not behaviour.
      return Object.fromEntries(v.map((x, i) => [paths[i]!, normalizeValue(x, run, undefined)]));
    }
    return v.map((x) => normalizeValue(x, run, undefined));
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (droppedKeys.has(k)) continue;
      out[k] = timeKeys.has(k)
        ? timesOf(x)
        : k === 'statePidProcess' && isRuntimeInit(x)
          ? '<runtime init>'
          : normalizeValue(x, run, k);
    }
    return out;
  }
  return v;
}

/** The verb of a runtime command (`create`, `state`...): the argument after the global ones. */
function verbOf(argv: string[], globalArgs: number): string {
  return argv[1 + globalArgs] ?? '';
}

/**
 * What a case's run is compared by: its observations (`ctx.observe`) and the outcome of each runtime
 * command per container, in order (`{ "x-<run-tag>": ["create: 0", "start: 1"] }`; containers driven at
 * once interleave differently from run to run), normalized with {@link ignoredInComparison}.
 */
export function comparable(
  result: CaseResult,
  run: RunIdentity,
  globalArgs = 2,
): { observation: unknown; commands: Record<string, string[]> } {
  const commands: Record<string, string[]> = {};
  for (const c of result.evidence.commands ?? []) {
    const verb = verbOf(c.argv, globalArgs);
    if (verb === 'state') continue;
    // `kill ID SIGNAL` names the container before the signal; every other call names it last.
    const last =
      c.argv.length <= 2 + globalArgs
        ? '(no id)'
        : verb === 'kill' && c.argv.length > 3 + globalArgs
          ? c.argv.at(-2)!
          : c.argv.at(-1)!;
    const id = String(normalizeString(last, run));
    const outcome = c.timedOut
      ? 'timed out'
      : c.exitCode !== null
        ? String(c.exitCode)
        : `killed by ${c.signal}`;
    (commands[id] ??= []).push(`${verb}: ${outcome}`);
  }
  return { observation: normalizeValue(result.evidence.observation ?? {}, run, undefined), commands };
}

/** One difference between the subject's and the reference's observation. */
export interface ObservationDifference {
  /** JSON pointer (RFC 6901) into the normalized observation. */
  pointer: string;
  /** The subject's value (absent: the subject has nothing there). */
  subject?: unknown;
  /** The reference runtime's value (absent: the reference has nothing there). */
  reference?: unknown;
}

function escapePointer(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Structural diff of two JSON values: the deepest pointers where they differ, in document order. */
export function diffValues(subject: unknown, reference: unknown, pointer = ''): ObservationDifference[] {
  if (isDeepStrictEqual(subject, reference)) return [];
  if (isObject(subject) && isObject(reference)) {
    const keys = [...Object.keys(subject), ...Object.keys(reference).filter((k) => !(k in subject))];
    return keys.flatMap((k) => {
      const p = `${pointer}/${escapePointer(k)}`;
      if (!(k in reference)) return [{ pointer: p, subject: subject[k] }];
      if (!(k in subject)) return [{ pointer: p, reference: reference[k] }];
      return diffValues(subject[k], reference[k], p);
    });
  }
  // Lists of plain values (env, args, option lists) are one difference: their elements shift together.
  const plain = (v: unknown[]) => v.every((x) => x === null || typeof x !== 'object');
  if (Array.isArray(subject) && Array.isArray(reference) && !(plain(subject) && plain(reference))) {
    const out: ObservationDifference[] = [];
    const n = Math.max(subject.length, reference.length);
    for (let i = 0; i < n; i++) {
      const p = `${pointer}/${i}`;
      if (i >= reference.length) out.push({ pointer: p, subject: subject[i] });
      else if (i >= subject.length) out.push({ pointer: p, reference: reference[i] });
      else out.push(...diffValues(subject[i], reference[i], p));
    }
    return out;
  }
  return [{ pointer: pointer || '/', subject, reference }];
}

/** `evidence.reference` of a compared case. */
export interface ReferenceEvidence {
  /** The reference runtime (its `--version` first line, or its path). */
  runtime: string;
  /** The reference runtime's verdict on the same case. */
  status: CaseStatus;
  /** Its reason when it did not pass. */
  reason?: string;
  /** Messages of its error findings when it did not pass (first five). */
  findings?: string[];
  /** Where the normalized observations differ (at most {@link maxDifferences}, see {@link spread}). */
  differences: ObservationDifference[];
  /** Differences left out beyond {@link maxDifferences}. */
  omitted?: number;
}

/** Differences kept in the evidence of one case. */
export const maxDifferences = 25;

/** Values longer than this (as JSON) are cut in the evidence. */
const maxValueChars = 300;

function compact(v: unknown): unknown {
  if (v === undefined) return undefined;
  const s = JSON.stringify(v);
  return s !== undefined && s.length > maxValueChars ? `${s.slice(0, maxValueChars)}…` : v;
}

/**
 * At most `max` differences, taken in turns from each branch of the document (the first three pointer
 * segments, e.g. `/observation/hooks/3`), so one noisy branch does not hide the others; document order kept.
 */
export function spread(all: ObservationDifference[], max: number): ObservationDifference[] {
  if (all.length <= max) return all;
  const groups = new Map<string, number[]>();
  all.forEach((d, i) => {
    const b = d.pointer.split('/').slice(0, 4).join('/');
    groups.set(b, [...(groups.get(b) ?? []), i]);
  });
  const chosen = new Set<number>();
  while (chosen.size < max) {
    for (const idx of groups.values()) {
      const i = idx.shift();
      if (i !== undefined && chosen.size < max) chosen.add(i);
    }
  }
  return all.filter((_, i) => chosen.has(i));
}

/** The differences between a case's two runs, or undefined when the case is not compared (a skip). */
export function differencesOf(
  subject: CaseResult,
  reference: CaseResult | undefined,
  opts: CompareOptions,
): ObservationDifference[] | undefined {
  if (!reference || subject.status === 'skip' || reference.status === 'skip') return undefined;
  const a = comparable(subject, opts.subjectRun, opts.subjectGlobalArgs ?? 2);
  const b = comparable(reference, opts.referenceRun, opts.referenceGlobalArgs ?? 2);
  return diffValues({ ...a }, { ...b });
}

/**
 * A difference's identity across cases: the field it is in (the last name in its pointer, list
 * indexes skipped) and the two values, so `/observation/state/ociVersion` and
 * `/observation/states/2/ociVersion` with the same values are one run-wide difference.
 */
export function runWideKey(d: ObservationDifference): { key: string; field: string } {
  const names = d.pointer.split('/').filter((x) => x !== '' && !/^\d+$/.test(x));
  const field = (names.at(-1) ?? '/').replace(/~1/g, '/').replace(/~0/g, '~');
  return {
    key: JSON.stringify([field, d.subject ?? null, 'subject' in d, d.reference ?? null, 'reference' in d]),
    field,
  };
}

/** A difference seen in at least this many cases is run-wide: reported once in the summary. */
export const runWideMinCases = 3;

/** One case of a compared run: the subject's result, the reference's, and the reference run it came from. */
export interface ComparedCase {
  subject: CaseResult;
  reference: CaseResult | undefined;
  referenceRun: RunIdentity;
}

/**
 * Compares a whole run: differences that recur in {@link runWideMinCases} or more cases are returned
 * once (`runWide`) and left out of each case's evidence; each case gets {@link withReference}.
 */
export function compareRun(
  cases: readonly ComparedCase[],
  opts: Omit<CompareOptions, 'referenceRun'>,
): {
  results: CaseResult[];
  compared: number;
  runWide: { field: string; subject?: unknown; reference?: unknown; cases: string[] }[];
} {
  const perCase = cases.map((c) =>
    differencesOf(c.subject, c.reference, { ...opts, referenceRun: c.referenceRun }),
  );
  const seen = new Map<string, { d: ObservationDifference; field: string; cases: Set<string> }>();
  perCase.forEach((diffs, i) => {
    for (const d of diffs ?? []) {
      const { key, field } = runWideKey(d);
      const e = seen.get(key) ?? { d, field, cases: new Set<string>() };
      e.cases.add(cases[i]!.subject.id);
      seen.set(key, e);
    }
  });
  const wide = [...seen.entries()].filter(([, e]) => e.cases.size >= runWideMinCases);
  const keys = new Set(wide.map(([k]) => k));
  return {
    results: cases.map((c) =>
      withReference(c.subject, c.reference, { ...opts, referenceRun: c.referenceRun }, keys),
    ),
    compared: perCase.filter((d) => d !== undefined).length,
    runWide: wide.map(([, e]) => ({
      field: e.field,
      ...('subject' in e.d ? { subject: compact(e.d.subject) } : {}),
      ...('reference' in e.d ? { reference: compact(e.d.reference) } : {}),
      cases: [...e.cases].sort(),
    })),
  };
}

/** Options of {@link withReference}. */
export interface CompareOptions {
  subjectRun: RunIdentity;
  referenceRun: RunIdentity;
  /** Name of the reference runtime for the evidence. */
  referenceName: string;
  /** Number of global arguments before the verb in the subject's and reference's argv (`--root DIR`: 2). */
  subjectGlobalArgs?: number;
  referenceGlobalArgs?: number;
}

/**
 * The subject's result with the reference's observation beside it: unchanged (status included) when
 * the two runs observed the same, otherwise with `evidence.reference` and a note. A case skipped on
 * either side is not compared.
 */
export function withReference(
  subject: CaseResult,
  reference: CaseResult | undefined,
  opts: CompareOptions,
  runWide: ReadonlySet<string> = new Set(),
): CaseResult {
  const found = differencesOf(subject, reference, opts);
  if (found === undefined || !reference) return subject;
  const all = found.filter((d) => !runWide.has(runWideKey(d).key));
  const sameVerdict = subject.status === reference.status;
  if (all.length === 0 && sameVerdict) return subject;
  const differences = spread(all, maxDifferences).map((d) => ({
    pointer: d.pointer,
    ...('subject' in d ? { subject: compact(d.subject) } : {}),
    ...('reference' in d ? { reference: compact(d.reference) } : {}),
  }));
  const evidence: ReferenceEvidence = {
    runtime: opts.referenceName,
    status: reference.status,
    ...(reference.reason ? { reason: reference.reason } : {}),
    ...(reference.status !== 'pass' && reference.findings.length
      ? { findings: reference.findings.slice(0, 5).map((f) => f.message) }
      : {}),
    differences,
    ...(all.length > maxDifferences ? { omitted: all.length - maxDifferences } : {}),
  };
  const where = all
    .slice(0, 3)
    .map((d) => d.pointer)
    .join(', ');
  const note =
    `reference runtime: ${sameVerdict ? 'same verdict' : `verdict ${reference.status}`}` +
    (all.length
      ? `, ${all.length} observation difference${all.length === 1 ? '' : 's'} (${where}${all.length > 3 ? ', …' : ''})`
      : ', same observations');
  return {
    ...subject,
    evidence: {
      ...subject.evidence,
      reference: evidence,
      notes: [...(subject.evidence.notes ?? []), note],
    },
  };
}
