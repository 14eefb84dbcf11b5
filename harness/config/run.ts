// The rule runner: applies every config rule that fits a document's kind, spec version and mode, and
// turns reports into located findings. Plain JS over the parsed value; locate() only when reporting.
import type { Finding, FindingLevel } from '../../model/report.js';
import type { JsonDocument } from '../json/types.js';
import { findingLevelOf, requirement, type RequirementId } from '../../requirements/index.js';
import type { BundleView, ConfigRule, DocumentKind, HostView, ReportArgs, RuleContext } from './rule.js';
import { versionIn } from '../../model/version.js';

export interface ApplyInput {
  doc: JsonDocument;
  kind: DocumentKind;
  /** Spec version the document is judged against, e.g. '1.3.0'. */
  specVersion: string;
  bundle?: BundleView;
  host?: HostView;
  /** Rules to apply (the suite's list, `suites/config/index.ts`, or a selection of it). */
  rules: readonly ConfigRule[];
}

export interface RuleResult {
  rule: ConfigRule;
  findings: Finding[];
}

// Selections by rule list, then by kind, version and mode: a run applies one list to many documents.
const selectionCache = new WeakMap<readonly ConfigRule[], Map<string, ConfigRule[]>>();

/** Rules that apply to this kind, version and mode (bundle and host rules only when those views exist). */
export function selectRules(
  kind: DocumentKind,
  specVersion: string,
  mode: { bundle: boolean; host: boolean },
  rules: readonly ConfigRule[],
): ConfigRule[] {
  const key = `${kind}|${specVersion}|${mode.bundle}|${mode.host}`;
  let byKey = selectionCache.get(rules);
  if (byKey === undefined) selectionCache.set(rules, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const out = rules.filter(
    (r) =>
      r.kinds.includes(kind) &&
      versionIn(specVersion, r.since, r.until) &&
      (r.needs === undefined || (r.needs === 'bundle' ? mode.bundle : mode.host)),
  );
  byKey.set(key, out);
  return out;
}

const levelCache = new Map<string, FindingLevel>();

function defaultLevel(id: RequirementId | undefined): FindingLevel {
  if (id === undefined) return 'hazard';
  let l = levelCache.get(id);
  if (l === undefined) {
    l = findingLevelOf(requirement(id));
    levelCache.set(id, l);
  }
  return l;
}

function compareFinding(a: Finding, b: Finding): number {
  const la = a.location as { line?: number; column?: number; pointer?: string };
  const lb = b.location as { line?: number; column?: number; pointer?: string };
  return (
    (la.line ?? 0) - (lb.line ?? 0) ||
    (la.column ?? 0) - (lb.column ?? 0) ||
    ((la.pointer ?? '') < (lb.pointer ?? '') ? -1 : (la.pointer ?? '') > (lb.pointer ?? '') ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * Apply the rules to one document: one entry per applicable rule (findings possibly empty), in rule
 * order, each rule's findings sorted by position. A rule that throws is a bug in the rule: the error
 * propagates (the caller turns it into an errored case).
 */
export function applyRules(input: ApplyInput): RuleResult[] {
  const { doc, kind, specVersion, bundle, host } = input;
  const selected = selectRules(kind, specVersion, { bundle: !!bundle, host: !!host }, input.rules);
  const results: RuleResult[] = new Array(selected.length);
  let current: ConfigRule = selected[0]!;
  let sink: Finding[] = [];
  const ctx: RuleContext = {
    doc,
    value: doc.value,
    kind,
    specVersion,
    bundle,
    host,
    report(args: ReportArgs): void {
      const reqs = args.requirements ?? current.requirements;
      const pos = args.atKey ? doc.locateKey(args.pointer) : doc.locate(args.pointer);
      const f: Finding = {
        rule: current.id,
        requirements: reqs.slice(),
        level: args.level ?? defaultLevel(reqs[0]),
        location: {
          kind: 'document',
          file: doc.file,
          pointer: args.pointer,
          line: pos.line,
          column: pos.column,
        },
        message: args.message,
      };
      if ('expected' in args) f.expected = args.expected;
      if ('actual' in args) f.actual = args.actual;
      sink.push(f);
    },
  };
  for (let i = 0; i < selected.length; i++) {
    current = selected[i]!;
    sink = [];
    current.check(ctx);
    if (sink.length > 1) sink.sort(compareFinding);
    results[i] = { rule: current, findings: sink };
  }
  return results;
}
