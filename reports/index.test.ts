import { describe, expect, it } from 'vitest';
import { parseReporterSpec, reporterNames, reporters } from './index.js';
import { testOptions } from './testing.js';

describe('reporters', () => {
  it('has every format, each factory making a reporter of that name', () => {
    expect([...reporterNames].sort()).toEqual(['html', 'json', 'junit', 'tap', 'text']);
    for (const name of reporterNames) expect(reporters[name](testOptions()).name).toBe(name);
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
