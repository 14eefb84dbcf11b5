import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReporter, renderJson } from './json.js';
import { hostileReport, runReport, testOptions, validateReport } from './testing.js';

describe('json reporter', () => {
  it('round-trips to the same report object, keys in the same order', () => {
    for (const make of [validateReport, runReport, hostileReport]) {
      const report = make();
      const parsed = JSON.parse(renderJson(report));
      expect(parsed).toEqual(report);
      expect(Object.keys(parsed)).toEqual(Object.keys(report));
      expect(Object.keys(parsed.cases[0])).toEqual(Object.keys(report.cases[0]!));
    }
  });

  it('pretty-prints with two spaces and a trailing newline, deterministically', () => {
    const text = renderJson(runReport());
    expect(text.split('\n')[1]).toBe('  "reportVersion": 1,');
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson(runReport())).toBe(text);
  });

  it('does not reorder cases (the caller sorts)', () => {
    const report = runReport();
    report.cases.reverse();
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.cases.map((c: { id: string }) => c.id)).toEqual(report.cases.map((c) => c.id));
  });

  it('writes the same text to its destination', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-conform-reports-json-'));
    try {
      const destination = join(dir, 'nested', 'report.json');
      const text = await jsonReporter(testOptions({ destination })).finish(validateReport());
      expect(await readFile(destination, 'utf8')).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
