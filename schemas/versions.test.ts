import { describe, expect, it } from 'vitest';
import { knownSpecVersions, resolveSpecVersion } from './versions.js';

describe('resolveSpecVersion', () => {
  it.each([
    ['1.0.2', '1.0.2', false],
    ['1.3.0', '1.3.0', false],
    ['1.0.2-dev', '1.0.2', false],
    ['1.1.0+dev', '1.1.0', false],
    ['1.2.1+build.5', '1.2.1', false],
    ['1.1.0-rc.1', '1.1.0', true],
    ['1.0.0', '1.0.2', true],
    ['1.0.1', '1.0.2', true],
    ['1.1.5', '1.1.0', true],
    ['1.2.7', '1.2.1', true],
    ['1.4.0', '1.3.0', true],
    ['2.0.0', '1.3.0', true],
    ['0.5.0-dev', '1.0.2', true],
    ['1.1', '1.1.0', true],
    ['bogus', '1.3.0', true],
  ] as const)('%s -> %s', (declared, version, warns) => {
    const r = resolveSpecVersion(declared);
    expect(r.version).toBe(version);
    expect(r.warning !== undefined).toBe(warns);
    if (r.warning) expect(r.warning).toContain(version);
  });

  it('uses the latest version, with a warning, when nothing is declared', () => {
    expect(resolveSpecVersion(undefined)).toMatchObject({ version: '1.3.0' });
    expect(resolveSpecVersion(undefined).warning).toBeDefined();
  });

  it('lets the override win over the declared version', () => {
    expect(resolveSpecVersion('1.0.2', '1.3.0')).toEqual({ version: '1.3.0' });
    expect(resolveSpecVersion('1.3.0', '1.2.9')).toMatchObject({ version: '1.2.1' });
    expect(resolveSpecVersion('1.3.0', '1.2.9').warning).toBeDefined();
  });

  it('says when the declared version is newer than the schema used', () => {
    expect(resolveSpecVersion('1.4.0').newer).toBe(true);
    expect(resolveSpecVersion('1.2.5').newer).toBe(true);
    expect(resolveSpecVersion('2.0').newer).toBe(true);
    expect(resolveSpecVersion('1.0.0').newer).toBeUndefined();
    expect(resolveSpecVersion('1.3.0').newer).toBeUndefined();
    expect(resolveSpecVersion('1.1.0-rc.1').newer).toBeUndefined();
  });

  it('always answers a known version', () => {
    for (const v of ['', 'x', '9.9.9', '0.0.1', '1.2.0-alpha']) {
      expect(knownSpecVersions).toContain(resolveSpecVersion(v).version);
    }
  });
});
