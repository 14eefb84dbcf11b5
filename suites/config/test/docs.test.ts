// RULES.md is generated from the rule list: it must match (regenerate with
// `node --import tsx suites/config/docs.ts`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderRulesDoc, rulesDocPath } from '../docs.js';
import { rules } from '../index.js';

describe('RULES.md', () => {
  it('is up to date with the rule list', () => {
    expect(readFileSync(rulesDocPath, 'utf8')).toBe(renderRulesDoc());
  });
  it('lists every rule', () => {
    const doc = renderRulesDoc();
    for (const r of rules) expect(doc).toContain(`\`${r.id}\``);
  });
});
