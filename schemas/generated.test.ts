// The committed generated validators must match what schemas/build.ts produces from the sources.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateAll, generatedDir } from './build.js';

describe('schemas/generated', () => {
  it('is up to date (run: node --import tsx schemas/build.ts)', () => {
    const files = generateAll();
    const onDisk = readdirSync(generatedDir).filter((f) => f.endsWith('.cjs'));
    expect(onDisk.sort()).toEqual([...files.keys()].sort());
    for (const [name, content] of files) {
      expect(readFileSync(generatedDir + name, 'utf8'), name).toBe(content);
    }
  });
});
