import { describe, expect, it } from 'vitest';
import { registry } from '../../requirements/index.js';
import { runtimeCases } from './index.js';

describe('runtime case list', () => {
  it('has unique ids of the form <group>.<what>, known requirements, and documented profile differences', () => {
    const ids = runtimeCases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of runtimeCases) {
      expect(c.id.startsWith(`${c.group}.`), c.id).toBe(true);
      expect(c.requirements.length, c.id).toBeGreaterThan(0);
      for (const r of c.requirements) expect(registry.has(r), `${c.id}: ${r}`).toBe(true);
      expect(c.description.length, c.id).toBeGreaterThan(10);
      if (c.profiles) expect(c.profiles['runc-compat'].length, c.id).toBeGreaterThan(20);
    }
  });

  it('holds the lifecycle suite', () => {
    const lifecycle = runtimeCases.filter((c) => c.group === 'lifecycle').map((c) => c.id);
    expect(lifecycle).toContain('lifecycle.delete.created-errors');
    expect(lifecycle.length).toBeGreaterThanOrEqual(27);
  });
});
