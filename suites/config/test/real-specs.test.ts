// The configs real runtimes generate (`runc spec`, `runc spec --rootless`, `crun spec`) have no
// error-level finding; hand-written mistakes give exactly one finding from the right rule.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readJson, readJsonFileSync } from '../../../harness/json/read.js';
import { resolveSpecVersion, validateDocument } from '../../../schemas/index.js';
import { applySuiteRules as applyRules } from '../testing.js';
import { baseConfig } from './base.js';

function has(bin: string): boolean {
  return spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function generate(bin: string, args: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-spec-'));
  dirs.push(dir);
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr}`);
  return path.join(dir, 'config.json');
}

const generators: [string, string, string[]][] = [
  ['runc spec', 'runc', ['spec']],
  ['runc spec --rootless', 'runc', ['spec', '--rootless']],
  ['crun spec', 'crun', ['spec']],
];

describe('generated specs', () => {
  for (const [name, bin, args] of generators) {
    it.skipIf(!has(bin))(`${name}: no error-level finding under 1.0.0, 1.0.2 and 1.3.0`, () => {
      const doc = readJsonFileSync(generate(bin, args));
      expect(doc.problems).toEqual([]);
      for (const v of ['1.0.0', '1.0.2', '1.3.0']) {
        const errors = applyRules({ doc, kind: 'config', specVersion: v })
          .flatMap((r) => r.findings)
          .filter((f) => f.level === 'must');
        expect(errors, `${name} under ${v}`).toEqual([]);
        // the CLI judges a declared version with the nearest known schema (1.0.0 -> 1.0.2)
        const schemaVersion = resolveSpecVersion(v).version;
        expect(
          validateDocument('config', schemaVersion, doc.value),
          `${name} schema ${schemaVersion}`,
        ).toEqual([]);
      }
    });
  }
});

describe('generated features', () => {
  it.skipIf(!has('runc'))('runc features: no error-level finding', () => {
    const r = spawnSync('runc', ['features'], { encoding: 'utf8' });
    // runc before 1.1 has no features command
    if (r.status !== 0) return;
    const doc = readJson(Buffer.from(r.stdout), 'features.json');
    for (const v of ['1.1.0', '1.3.0']) {
      const res = applyRules({ doc, kind: 'features', specVersion: v });
      expect(res.length).toBeGreaterThan(0);
      expect(res.flatMap((x) => x.findings).filter((f) => f.level === 'must')).toEqual([]);
    }
  });
});

function only(c: any, version = '1.3.0') {
  const doc = readJson(Buffer.from(JSON.stringify(c, null, 2)), 'config.json');
  return applyRules({ doc, kind: 'config', specVersion: version }).flatMap((r) => r.findings);
}

describe('hand-written mistakes', () => {
  it('a clean config has no finding', () => {
    expect(only(baseConfig())).toEqual([]);
  });

  it('a typo in a capability name', () => {
    const c = baseConfig();
    c.process.capabilities.effective.push('CAP_SYS_ADMN');
    c.process.capabilities.permitted.push('CAP_SYS_ADMN');
    c.process.capabilities.bounding.push('CAP_SYS_ADMN');
    // one finding per place the name is written: three sets, three findings, all the same rule
    const f = only(c);
    expect(f.map((x) => [x.rule, (x.location as any).pointer])).toEqual([
      ['config.process.capabilities-known', '/process/capabilities/bounding/3'],
      ['config.process.capabilities-known', '/process/capabilities/effective/3'],
      ['config.process.capabilities-known', '/process/capabilities/permitted/3'],
    ]);
    expect(f[0]!.expected).toBe('CAP_SYS_ADMIN');
    const single = baseConfig();
    single.process.capabilities.bounding.push('CAP_SYS_ADMN');
    expect(only(single).map((x) => x.rule)).toEqual(['config.process.capabilities-known']);
    expect(only(single, '1.0.2')[0]!.level).toBe('must');
    expect(only(single, '1.3.0')[0]!.level).toBe('hazard');
  });

  it('a duplicate namespace', () => {
    const c = baseConfig();
    c.linux.namespaces.push({ type: 'network' });
    const f = only(c);
    expect(f.map((x) => [x.rule, (x.location as any).pointer, x.level])).toEqual([
      ['config.linux.namespaces-duplicate', '/linux/namespaces/5/type', 'must'],
    ]);
  });

  it('a hostname without a uts namespace', () => {
    const c = baseConfig();
    c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'uts');
    const f = only(c);
    expect(f.map((x) => [x.rule, (x.location as any).pointer, x.level])).toEqual([
      ['config.hostname-needs-uts', '/hostname', 'hazard'],
    ]);
  });

  // SPEC: a relative cwd and a missing args are JSON Schema errors (schemas/README.md: pattern ^/ on
  // process.cwd, args required with minItems 1): rules do not repeat them.
  it('a relative cwd and a missing args are left to the schema', () => {
    const c = baseConfig();
    c.process.cwd = 'home/user';
    expect(only(c)).toEqual([]);
    const d = baseConfig();
    delete d.process.args;
    expect(only(d)).toEqual([]);
  });
});

describe('hand-written mistakes, schema and rules together', () => {
  const mistakes: [string, (c: any) => void, string, string][] = [
    ['a relative cwd', (c) => (c.process.cwd = 'home/user'), 'schema', '/process/cwd'],
    ['a missing args', (c) => delete c.process.args, 'schema', '/process'],
    [
      'a capability typo',
      (c) => c.process.capabilities.bounding.push('CAP_SYS_ADMN'),
      'config.process.capabilities-known',
      '/process/capabilities/bounding/3',
    ],
    [
      'a duplicate namespace',
      (c) => c.linux.namespaces.push({ type: 'pid' }),
      'config.linux.namespaces-duplicate',
      '/linux/namespaces/5/type',
    ],
    [
      'a hostname without a uts namespace',
      (c) => (c.linux.namespaces = c.linux.namespaces.filter((n: any) => n.type !== 'uts')),
      'config.hostname-needs-uts',
      '/hostname',
    ],
  ];
  for (const [name, patch, source, pointer] of mistakes) {
    it(`${name}: exactly one finding, from ${source}, at ${pointer}`, () => {
      const c = baseConfig();
      patch(c);
      const doc = readJson(Buffer.from(JSON.stringify(c, null, 2)), 'config.json');
      const schema = validateDocument('config', '1.3.0', doc.value).map((e) => ['schema', e.pointer]);
      const rules = applyRules({ doc, kind: 'config', specVersion: '1.3.0' })
        .flatMap((r) => r.findings)
        .map((f) => [f.rule, (f.location as { pointer: string }).pointer]);
      expect([...schema, ...rules]).toEqual([[source, pointer]]);
    });
  }
});
