// The published JSON Schemas: one per spec version and document, each with a unique $id, plain
// draft-07 that a stock validator (what an editor runs) compiles, and judging like the tool does.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './json-schemas.js';
import { baseConfig } from '../suites/config/test/base.js';

describe('jsonSchemas', () => {
  const all = jsonSchemas();
  it('has one schema per runtime-spec version and document, and the image-spec ones, each with its own $id', () => {
    expect([...all.keys()]).toContain('runtime-spec/1.0.2/config.schema.json');
    expect([...all.keys()]).toContain('runtime-spec/1.3.0/features.schema.json');
    expect([...all.keys()]).toContain('image-spec/1.1.1/image-manifest.schema.json');
    const ids = [...all.values()].map((s) => s.$id);
    expect(new Set(ids).size).toBe(all.size);
    for (const [path, s] of all) expect(String(s.$id).endsWith(path)).toBe(true);
  });
  it('compile with a stock validator (no x- keywords) and judge a config as the tool does', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const s of all.values()) expect(JSON.stringify(s)).not.toMatch(/"x-/);
    const validate = ajv.compile(all.get('runtime-spec/1.3.0/config.schema.json')!);
    expect(validate(baseConfig())).toBe(true);
    const bad = baseConfig();
    bad.process.cwd = 7;
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/process/cwd')).toBe(true);
  });
});
