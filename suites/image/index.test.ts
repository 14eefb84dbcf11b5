// The image rule list: unique ids, and every rule names existing image-spec requirements.
import { describe, expect, it } from 'vitest';
import { requirement, type RequirementId } from '../../requirements/index.js';
import { imageRules } from './index.js';

describe('image rules', () => {
  it('have unique ids and name existing image requirements', () => {
    const ids = imageRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of imageRules) {
      expect(rule.id.startsWith('image.')).toBe(true);
      expect(rule.requirements.length).toBeGreaterThan(0);
      for (const id of rule.requirements) expect(requirement(id as RequirementId).spec).toBe('image');
    }
  });
});
