// Table-driven rule tests: for every document rule, a clean document gives it no finding and a broken
// one gives a finding from that rule at the expected pointer and level.
import { describe, expect, it } from 'vitest';
import { applySuiteRules as applyRules } from '../testing.js';
import { rules } from '../index.js';
import { docFromText, docFromValue } from '../testing.js';
import type { DocumentKind } from '../../../harness/config/rule.js';
import { baseFor, cases } from './cases.js';
import { baseConfig } from './base.js';

function findingsOf(value: unknown, kind: DocumentKind, version: string, text?: string) {
  const doc = text !== undefined ? docFromText(text) : docFromValue(value);
  return applyRules({ doc, kind, specVersion: version }).flatMap((r) => r.findings);
}

describe('clean documents', () => {
  for (const kind of ['config', 'state', 'features'] as const) {
    it(`the clean ${kind} fixture has no finding under 1.3.0`, () => {
      expect(findingsOf(baseFor(kind), kind, '1.3.0')).toEqual([]);
    });
  }
});

describe('every rule', () => {
  for (const c of cases) {
    const kind = c.kind ?? 'config';
    const version = c.version ?? '1.3.0';
    describe(`${c.rule} (${kind}, ${version})`, () => {
      it('accepts the passing fixture', () => {
        const v = baseFor(kind);
        c.pass(v);
        const f = findingsOf(v, kind, version).filter((x) => x.rule === c.rule);
        expect(f).toEqual([]);
      });
      it('reports the failing fixture', () => {
        const v = baseFor(kind);
        c.fail(v);
        const f = findingsOf(v, kind, version, c.failText).filter((x) => x.rule === c.rule);
        expect(f.length).toBeGreaterThan(0);
        if (c.pointer !== undefined) expect(f.map((x) => (x.location as any).pointer)).toContain(c.pointer);
        if (c.level !== undefined) expect(f[0]!.level).toBe(c.level);
        for (const x of f) {
          expect(x.location.kind).toBe('document');
          expect((x.location as any).line).toBeGreaterThan(0);
        }
      });
    });
  }

  it('has a passing and a failing case for each document rule', () => {
    const covered = new Set(cases.map((c) => c.rule));
    const missing = rules.filter((r) => r.needs === undefined && !covered.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('rule ids are unique', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('runner', () => {
  it('returns one entry per applicable rule, empty findings included', () => {
    const res = applyRules({ doc: docFromValue(baseConfig()), kind: 'config', specVersion: '1.3.0' });
    const expected = rules.filter((r) => r.kinds.includes('config') && r.needs === undefined);
    expect(res.map((r) => r.rule.id)).toEqual(expected.map((r) => r.id));
  });

  it('skips rules outside their version range', () => {
    const res = applyRules({ doc: docFromValue(baseConfig()), kind: 'config', specVersion: '1.0.2' });
    const ids = res.map((r) => r.rule.id);
    expect(ids).not.toContain('config.linux.memory-policy-nodes');
    expect(ids).not.toContain('config.linux.seccomp.errno-ret-action');
    expect(ids).toContain('config.process.capabilities-known');
  });

  it('locates findings at the value (line/column of the offending value)', () => {
    const c = baseConfig();
    c.process.rlimits.push({ type: 'RLIMIT_NOFILE', hard: 1, soft: 1 });
    const text = JSON.stringify(c, null, 2);
    const f = applyRules({ doc: docFromText(text), kind: 'config', specVersion: '1.3.0' })
      .flatMap((r) => r.findings)
      .find((x) => x.rule === 'config.process.rlimits-duplicate')!;
    const loc = f.location as { line: number; column: number };
    const line = text.split('\n')[loc.line - 1]!;
    expect(line.slice(loc.column - 1)).toMatch(/^"RLIMIT_NOFILE"/);
  });

  it('sorts findings of a rule by position', () => {
    const c = baseConfig();
    c.process.env = ['B', 'A', 'C'];
    const f = applyRules({ doc: docFromValue(c), kind: 'config', specVersion: '1.3.0' }).find(
      (r) => r.rule.id === 'config.process.env-format',
    )!.findings;
    expect(f.map((x) => (x.location as any).pointer)).toEqual([
      '/process/env/0',
      '/process/env/1',
      '/process/env/2',
    ]);
  });
});

describe('config.integers.exact-range', () => {
  it('ignores numbers in extension properties and checks known 64-bit fields exactly', () => {
    const text = JSON.stringify(baseConfig()).replace(
      '"ociVersion":"1.3.0"',
      '"ociVersion":"1.3.0","com.example.big":99999999999999999999999,"x":{"memory":-99999999999999999999}',
    );
    expect(
      findingsOf(undefined, 'config', '1.3.0', text).filter((f) => f.rule === 'config.integers.exact-range'),
    ).toEqual([]);
    const big = JSON.stringify(baseConfig()).replace('"hard":1024', '"hard":18446744073709551615');
    expect(findingsOf(undefined, 'config', '1.3.0', big)).toEqual([]);
  });
});

describe('one mistake, one finding', () => {
  it('a device listed twice is reported once (by path)', () => {
    const c = baseConfig();
    const dev = { path: '/dev/fuse', type: 'c', major: 10, minor: 229 };
    c.linux.devices = [dev, { ...dev }];
    expect(findingsOf(c, 'config', '1.3.0').map((f) => f.rule)).toEqual([
      'config.linux.devices-duplicate-path',
    ]);
  });
  it('a capability typo in effective is not also a relation problem', () => {
    const c = baseConfig();
    c.process.capabilities.effective.push('CAP_NET_ADMN');
    expect(findingsOf(c, 'config', '1.3.0').map((f) => f.rule)).toEqual([
      'config.process.capabilities-known',
    ]);
  });
});
