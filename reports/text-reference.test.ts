// The text reporter shows a compared case's reference-runtime evidence (`run --compare`).
import { describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';
import { textReporter } from './text.js';
import { runReport, testOptions } from './testing.js';

async function render(report: Report): Promise<string> {
  return textReporter(testOptions({ color: false })).finish(report);
}

describe('text reporter, reference runtime evidence', () => {
  it('prints the reference verdict and the first differences of a passing case, absent values named', async () => {
    const report = runReport();
    const c = report.cases.find((x) => x.status === 'pass')!;
    c.evidence.reference = {
      runtime: 'oci-reference-runtime 0.1.0',
      status: 'fail',
      differences: [
        { pointer: '/observation/state/pid', subject: 0 },
        ...Array.from({ length: 6 }, (_, i) => ({
          pointer: `/observation/k${i}`,
          subject: i,
          reference: 'x'.repeat(200),
        })),
      ],
      omitted: 3,
    };
    const lines = (await render(report)).split('\n');
    const at = lines.findIndex((l) => l.includes(`PASS  ${c.id}`));
    expect(lines[at + 1]).toBe(
      '      reference runtime (oci-reference-runtime 0.1.0): fail, 10 observation differences',
    );
    expect(lines[at + 2]).toBe('        /observation/state/pid: 0 here, (absent) in the reference');
    expect(lines[at + 3]!.length).toBeLessThan(200);
    expect(lines[at + 7]).toBe('        … 5 more in the JSON report');
  });

  it('prints a reference value of another shape on one line', async () => {
    const report = runReport();
    const c = report.cases.find((x) => x.status === 'pass')!;
    c.evidence.reference = { probe: { hostname: 'a\nb' } };
    const text = await render(report);
    expect(text).toContain('      reference: {"probe":{"hostname":"a\\nb"}}');
  });
});
