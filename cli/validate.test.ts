// End to end: hand-written config mistakes each give one clear finding at the right line, in the
// text, json and junit reporters; exit codes follow DESIGN.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli.js';
import type { Report } from '../model/report.js';

const dir = mkdtempSync(join(tmpdir(), 'oci-conform-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = {
  ociVersion: '1.3.0',
  process: {
    terminal: false,
    user: { uid: 0, gid: 0 },
    args: ['/bin/sh'],
    env: ['PATH=/usr/bin:/bin'],
    cwd: '/',
    capabilities: { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] },
  },
  root: { path: 'rootfs' },
  hostname: 'box',
  mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
  linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'uts' }] },
};

type Mutate = (c: any) => void;

/** Write a config (pretty-printed, so every value has its own line), run validate, collect outputs. */
async function validate(name: string, mutate: Mutate | string) {
  const file = join(dir, `${name}.json`);
  let text: string;
  if (typeof mutate === 'string') text = mutate;
  else {
    const c = structuredClone(base);
    mutate(c);
    text = JSON.stringify(c, null, 2);
  }
  writeFileSync(file, text);
  const out = (ext: string) => join(dir, `${name}.${ext}`);
  const code = await cli([
    'validate',
    '--kind',
    'config',
    '--reporter',
    `text=${out('txt')}`,
    '--reporter',
    `json=${out('out.json')}`,
    '--reporter',
    `junit=${out('xml')}`,
    file,
  ]);
  const report = JSON.parse(readFileSync(out('out.json'), 'utf8')) as Report;
  const errors = report.cases.flatMap((c) => c.findings).filter((f) => f.severity === 'error');
  const warnings = report.cases.flatMap((c) => c.findings).filter((f) => f.severity === 'warning');
  return {
    code,
    file,
    text,
    report,
    errors,
    warnings,
    txt: readFileSync(out('txt'), 'utf8'),
    xml: readFileSync(out('xml'), 'utf8'),
  };
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`fixture lacks ${needle}`);
  return text.slice(0, i).split('\n').length;
}

describe('oci-conform validate on hand-written mistakes', () => {
  it('accepts the clean base config with exit 0', async () => {
    const r = await validate('clean', () => {});
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
  });

  const mistakes: {
    name: string;
    mutate: Mutate;
    needle: string;
    pointer: string;
    severity: 'error' | 'warning';
  }[] = [
    {
      name: 'relative-cwd',
      mutate: (c) => (c.process.cwd = 'srv/app'),
      needle: '"srv/app"',
      pointer: '/process/cwd',
      severity: 'error',
    },
    {
      name: 'missing-args',
      mutate: (c) => delete c.process.args,
      needle: '"process"',
      pointer: '/process',
      severity: 'error',
    },
    {
      name: 'capability-typo',
      mutate: (c) => (c.process.capabilities.bounding = ['CAP_SYS_ADMN']),
      needle: '"CAP_SYS_ADMN"',
      pointer: '/process/capabilities/bounding/0',
      severity: 'warning',
    },
    {
      name: 'duplicate-namespace',
      mutate: (c) => c.linux.namespaces.push({ type: 'pid' }),
      needle: '"type": "uts"',
      pointer: '/linux/namespaces/3/type',
      severity: 'error',
    },
    {
      name: 'hostname-without-uts',
      mutate: (c) => (c.linux.namespaces = [{ type: 'pid' }, { type: 'mount' }]),
      needle: '"box"',
      pointer: '/hostname',
      // SPEC: config.md allows the container UTS namespace to be the runtime's; it is a hazard
      severity: 'warning',
    },
  ];

  for (const m of mistakes) {
    it(`${m.name}: one ${m.severity} at the right line in text, json and junit`, async () => {
      const r = await validate(m.name, m.mutate);
      const found = m.severity === 'error' ? r.errors : r.warnings;
      expect(found, JSON.stringify(found, null, 2)).toHaveLength(1);
      if (m.severity === 'error') expect(r.code).toBe(1);
      else expect(r.errors).toEqual([]);
      const f = found[0]!;
      expect(f.location.kind).toBe('document');
      if (f.location.kind !== 'document') return;
      expect(f.location.pointer).toBe(m.pointer);
      // duplicate-namespace points at the duplicate entry's type, three lines after the uts one
      const line = m.name === 'duplicate-namespace' ? lineOf(r.text, m.needle) + 3 : lineOf(r.text, m.needle);
      expect(f.location.line).toBe(line);
      expect(f.requirements.length + (f.rule.startsWith('schema') ? 1 : 0)).toBeGreaterThan(0);
      expect(r.txt).toContain(`${r.file}:${line}:${f.location.column}: ${m.severity}: `);
      expect(r.xml).toContain(m.severity === 'error' ? '<failure' : f.rule);
    });
  }

  it('trailing comma: a json.syntax error at the comma line, exit 1', async () => {
    const text = '{\n  "ociVersion": "1.3.0",\n  "root": {"path": "rootfs"},\n}\n';
    const r = await validate('trailing-comma', text);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.rule).toBe('json.syntax');
    expect(r.errors[0]!.location).toMatchObject({ line: 3 });
    expect(r.code).toBe(1);
    expect(r.txt).toMatch(new RegExp(`${r.file}:3:\\d+: error: `));
  });

  it('usage errors exit 2 and missing files say what was expected', async () => {
    expect(await cli(['validate'])).toBe(2);
    expect(await cli(['validate', '--level', 'often', join(dir, 'clean.json')])).toBe(2);
    expect(await cli(['validate', join(dir, 'does-not-exist.json')])).toBe(2);
    expect(await cli(['no-such-command'])).toBe(2);
  });

  it('bundle mode: a directory without config.json is one must-level finding', async () => {
    const b = join(dir, 'empty-bundle');
    mkdirSync(b);
    const out = join(dir, 'empty-bundle.json');
    expect(await cli(['validate', '--reporter', `json=${out}`, b])).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.cases.flatMap((c) => c.findings).map((f) => f.rule)).toEqual(['bundle.config']);
  });
});
