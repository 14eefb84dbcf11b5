import { describe, expect, it } from 'vitest';
import { appliesTo, compareVersions, findingLevelOf, registry, requirement, specLink } from './index.js';

describe('requirement registry', () => {
  it('holds every seeded runtime-spec requirement under its stable id', () => {
    // 515 entries of the v1.3.0 inventory (shared/research/runtime-requirements.json).
    const runtime = [...registry.values()].filter((r) => r.spec === 'runtime');
    expect(runtime).toHaveLength(515);
    expect(requirement('runtime.delete.not-stopped-error').doc).toBe('runtime.md');
  });

  it('links a requirement to its section in the chosen spec version', () => {
    const r = requirement('runtime.state.id');
    expect(specLink(r, '1.3.0')).toBe(
      'https://github.com/opencontainers/runtime-spec/blob/v1.3.0/runtime.md#state',
    );
  });

  it('orders versions numerically and applies version ranges', () => {
    expect(compareVersions('1.10.0', '1.2.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.2-dev', '1.0.2')).toBe(0);
    const features = [...registry.values()].find((r) => r.doc === 'features.md')!;
    expect(appliesTo(features, '1.0.2')).toBe(false);
    expect(appliesTo(features, '1.3.0')).toBe(true);
  });

  it('maps RFC 2119 keywords to the three failing classes', () => {
    expect(findingLevelOf(requirement('runtime.state.id'))).toBe('must');
    const should = [...registry.values()].find((r) => r.level === 'SHOULD')!;
    expect(findingLevelOf(should)).toBe('should');
    const may = [...registry.values()].find((r) => r.level === 'MAY')!;
    expect(findingLevelOf(may)).toBe('may');
  });
});
