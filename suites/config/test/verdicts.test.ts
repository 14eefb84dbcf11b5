// Verdicts of the validate engine with this suite's rules: the kind comes from the content, never the
// file name; invalid values (wrong type, out of range, not in the spec's format) are errors whatever the
// level of the requirement their schema node cites.
import { describe, expect, it } from 'vitest';
import { detectKind, validateBytes } from '../../../harness/validate.js';
import { rules } from '../index.js';
import { baseConfig } from './base.js';

function findings(config: unknown, file = 'config.json') {
  const out = validateBytes(Buffer.from(JSON.stringify(config, null, 2)), file, { rules });
  return out.cases.flatMap((c) => c.findings);
}

describe('detectKind', () => {
  it('judges a config saved under a name with "state" or "features" in it as a config', () => {
    const config = { ociVersion: '1.0.2', process: { args: ['sh'], cwd: '/' }, root: { path: 'rootfs' } };
    expect(detectKind('stateless-app.json', config)).toBe('config');
    expect(detectKind('features-on.json', config)).toBe('config');
  });
  it('finds state and features documents by their members under any name', () => {
    expect(
      detectKind('x.json', { ociVersion: '1.0.2', id: 'a', status: 'created', pid: 1, bundle: '/b' }),
    ).toBe('state');
    expect(detectKind('config.json', { ociVersionMin: '1.0.0', ociVersionMax: '1.1.0' })).toBe('features');
  });
  it('treats anything else (arrays, scalars, empty objects) as a config for the schema to judge', () => {
    expect(detectKind('state.json', [])).toBe('config');
    expect(detectKind('state.json', {})).toBe('config');
    expect(detectKind('state.json', { status: 'running', process: {} })).toBe('config');
  });
});

describe('invalid values are errors', () => {
  it.each([
    ['linux of the wrong type', (c: any) => (c.linux = 'x'), '/linux', 'schema.type'],
    [
      'mount options as a string',
      (c: any) => (c.mounts = [{ destination: '/x', type: 'tmpfs', source: 'tmpfs', options: 'ro' }]),
      '/mounts/0/options',
      'schema.type',
    ],
    [
      'a hugepage size in a form the spec does not allow',
      (c: any) => (c.linux.resources = { hugepageLimits: [{ pageSize: '64kB', limit: 1 }] }),
      '/linux/resources/hugepageLimits/0/pageSize',
      'schema.pattern',
    ],
  ])('%s', (_what, edit, pointer, rule) => {
    const c = baseConfig();
    edit(c);
    const f = findings(c).find(
      (x) => x.rule === rule && (x.location as { pointer: string }).pointer === pointer,
    );
    expect(f?.level).toBe('must');
    expect(f?.requirements).toContain('config.valid-values.error');
  });
  it('a valid config saved as stateless-app.json is judged as a config and passes', () => {
    expect(findings(baseConfig(), 'stateless-app.json').filter((f) => f.level === 'must')).toEqual([]);
  });
});

describe('number rules judge only the fields the declared version defines', () => {
  it('a 1.0.2 config with cpu.burst written as 1e3 passes (burst is 1.1.0: unknown, ignored); 1.1.0 fails', () => {
    const text = (v: string) =>
      JSON.stringify({ ...baseConfig(), ociVersion: v }).replace(
        '"resources":{',
        '"resources":{"cpu":{"burst":1e3},',
      );
    const judge = (v: string) =>
      validateBytes(Buffer.from(text(v)), 'config.json', { rules })
        .cases.flatMap((c) => c.findings)
        .filter((f) => f.rule === 'config.integers.literal-form');
    expect(text('1.0.2')).toContain('"burst":1e3');
    expect(judge('1.0.2')).toEqual([]);
    expect(judge('1.1.0').map((f) => (f.location as { pointer: string }).pointer)).toEqual([
      '/linux/resources/cpu/burst',
    ]);
  });
});
