import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseReporterSpec, reporterNames, reporters } from './index.js';
import { emptyReport, runReport, testOptions } from './testing.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reporters', () => {
  it('has every format, each factory making a reporter of that name', () => {
    expect([...reporterNames].sort()).toEqual(['html', 'json', 'junit', 'sarif', 'tap', 'text']);
    for (const name of reporterNames) expect(reporters[name](testOptions()).name).toBe(name);
  });

  it('write the returned text to stdout when there is no destination, for full and empty reports', async () => {
    for (const report of [runReport(), emptyReport()]) {
      for (const name of reporterNames) {
        const writes: string[] = [];
        vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: (err?: Error) => void) => {
          writes.push(chunk);
          cb?.();
          return true;
        }) as typeof process.stdout.write);
        const text = await reporters[name](testOptions()).finish(report);
        vi.restoreAllMocks();
        expect(writes, name).toEqual([text]);
        expect(text.length, name).toBeGreaterThan(0);
      }
    }
  });
});

describe('parseReporterSpec', () => {
  it('parses a bare name as stdout', () => {
    expect(parseReporterSpec('text')).toEqual({ name: 'text' });
  });

  it('parses name=path', () => {
    expect(parseReporterSpec('junit=out/report.xml')).toEqual({
      name: 'junit',
      destination: 'out/report.xml',
    });
    // Only the first = separates; a path may hold more.
    expect(parseReporterSpec('html=a=b.html')).toEqual({ name: 'html', destination: 'a=b.html' });
  });

  it('treats - as stdout', () => {
    expect(parseReporterSpec('json=-')).toEqual({ name: 'json' });
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => parseReporterSpec('xml=out.xml')).toThrow(
      /unknown reporter "xml".*text, json, junit, tap, html/,
    );
    expect(() => parseReporterSpec('toString')).toThrow(/unknown reporter/);
    expect(() => parseReporterSpec('')).toThrow(/unknown reporter/);
  });

  it('rejects an empty destination', () => {
    expect(() => parseReporterSpec('junit=')).toThrow(/junit=/);
  });
});
