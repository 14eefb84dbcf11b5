// Every rule whose finding's class is not the keyword of the requirement it cites (a warning citing a MUST,
// an error citing a sentence without a keyword) says why in its `why`, rendered in RULES.md. Found from
// the failing fixture of each document rule and from the level literals in every rule's source.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocumentKind } from '../../../harness/config/rule.js';
import { requirement, type RequirementId } from '../../../requirements/index.js';
import { rules } from '../index.js';
import { applySuiteRules as applyRules, docFromText, docFromValue } from '../testing.js';
import { baseFor, cases } from './cases.js';

const MUST = new Set(['MUST', 'MUST NOT', 'REQUIRED', 'SHALL', 'SHALL NOT']);
const keyword = (id: string): string => requirement(id as RequirementId).level;

/** Why a finding's class needs a reason, or undefined when class and keyword agree. */
export function mismatch(level: string, cited: string[]): string | undefined {
  const kws = cited.map(keyword);
  if (level !== 'must' && kws.some((k) => MUST.has(k))) return `${level} citing a MUST`;
  if (level === 'must' && kws.length > 0 && kws.every((k) => !MUST.has(k)))
    return `error citing ${kws.join(', ')}`;
  return undefined;
}

function fromFixtures(): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cases) {
    const kind: DocumentKind = c.kind ?? 'config';
    const v = baseFor(kind);
    c.fail(v);
    const doc = c.failText !== undefined ? docFromText(c.failText) : docFromValue(v);
    for (const r of applyRules({ doc, kind, specVersion: c.version ?? '1.3.0' }))
      for (const f of r.findings) {
        if (f.rule !== c.rule) continue;
        const m = mismatch(f.level, f.requirements);
        if (m) out.set(f.rule, m);
      }
  }
  return out;
}

/** Every rule: the level literals in its source (all its report sites) against the requirements it cites. */
function fromSources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const sub of readdirSync(new URL('../rules/', import.meta.url))) {
    const dir = new URL(`../rules/${sub}/`, import.meta.url);
    for (const f of readdirSync(dir)) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const id = /id: '([^']+)'/.exec(text)?.[1];
      const rule = rules.find((r) => r.id === id);
      if (!rule) continue;
      const levels = [...text.matchAll(/level: '(\w+)'/g)].map((m) => m[1]!);
      // a rule that never sets a level reports the class of its first requirement: judge only bundle and
      // host rules that way (document rules are judged on their fixtures above)
      if (levels.length === 0 && sub === 'bundle') levels.push('must');
      if (levels.length === 0 && sub === 'host') levels.push('must');
      for (const l of levels) {
        const m = mismatch(l, rule.requirements);
        if (m) out.set(rule.id, m);
      }
    }
  }
  return out;
}

describe('rules whose class differs from the keyword they cite say why', () => {
  const found = new Map([...fromFixtures(), ...fromSources()]);
  it('finds some (the check itself works)', () => {
    expect(found.get('config.linux.devices-path-absolute')).toBe('hazard citing a MUST');
  });
  it('each such rule has a why', () => {
    const missing = [...found]
      .filter(([id]) => !rules.find((r) => r.id === id)?.why)
      .map(([id, m]) => `${id}: ${m}`);
    expect(missing).toEqual([]);
  });
});
