// Rules run after the schema, which may have failed: no rule may throw on any shape. Every value of
// rich fixtures is replaced in turn by values of every JSON type, and all rules (bundle and host ones
// too, on fake views) must still return.
import { describe, expect, it } from 'vitest';
import { applySuiteRules as applyRules } from '../testing.js';
import type { JsonDocument } from '../../../harness/json/types.js';
import type { BundleView, DocumentKind, HostView } from '../../../harness/config/rule.js';
import { baseFor, cases } from './cases.js';

const REPLACEMENTS: unknown[] = [
  null,
  0,
  -1,
  1.5,
  '',
  'x',
  '/a',
  [],
  [null],
  [1, 'a'],
  {},
  { type: null },
  true,
];

const bundle: BundleView = {
  dir: '/b',
  exists: () => true,
  isDirectory: () => true,
  isExecutableInRoot: () => false,
  realpath: (p) => '/b/' + p,
  statInRoot: () => ({ kind: 'file', mode: 0o644 }),
};
const host: HostView = {
  capabilities: ['CAP_CHOWN'],
  filesystems: ['proc'],
  exists: () => false,
  isExecutable: () => false,
  isDirectory: () => false,
  readFile: () => 'Y',
};

/** A cheap value-only document (positions are not under test here). */
function valueDoc(value: unknown): JsonDocument {
  const pos = { line: 1, column: 1, offset: 0 };
  return {
    file: 'x.json',
    text: '',
    value,
    problems: [],
    locate: () => pos,
    locateKey: () => pos,
    rawNumber: () => undefined,
    bigIntegers: () => [],
  };
}

function pointers(v: unknown, base = ''): string[] {
  const out: string[] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(`${base}/${i}`, ...pointers(x, `${base}/${i}`)));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(`${base}/${k}`, ...pointers(x, `${base}/${k}`));
  return out;
}

function getAt(root: any, pointer: string): unknown {
  let o = root;
  for (const k of pointer.split('/').slice(1)) o = o?.[k];
  return o;
}

function setAt(root: any, pointer: string, value: unknown): void {
  const t = pointer.split('/').slice(1);
  let o = root;
  for (const k of t.slice(0, -1)) o = o[k];
  o[t[t.length - 1]!] = value;
}

/** Rich documents: every fixture of the table after its failing and then its passing edit, so most fields are present somewhere. */
function fixtures(): { kind: DocumentKind; value: any }[] {
  const out: { kind: DocumentKind; value: any }[] = [];
  for (const c of cases) {
    const kind = c.kind ?? 'config';
    const v = baseFor(kind);
    c.fail(v);
    c.pass(v);
    out.push({ kind, value: v });
  }
  return out;
}

describe('robustness', () => {
  it('no rule throws on any replaced value', () => {
    let runs = 0;
    const seen = new Set<string>();
    for (const { kind, value } of fixtures()) {
      for (const p of pointers(value)) {
        // the clean base repeats in every fixture: mutate each (pointer, original value) once
        const key = `${kind}${p}=${JSON.stringify(getAt(value, p))}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const r of REPLACEMENTS) {
          const v = structuredClone(value);
          setAt(v, p, r);
          const doc = valueDoc(v);
          expect(() => applyRules({ doc, kind, specVersion: '1.3.0', bundle, host })).not.toThrow();
          runs++;
        }
      }
    }
    expect(runs).toBeGreaterThan(500);
  });

  it('no rule throws on top-level values of every type', () => {
    for (const kind of ['config', 'state', 'features'] as const)
      for (const r of REPLACEMENTS)
        for (const version of ['1.0.2', '1.3.0'])
          expect(() =>
            applyRules({ doc: valueDoc(r), kind, specVersion: version, bundle, host }),
          ).not.toThrow();
  });
});
