// JSON reporter: exactly the Report object (the stable contract), pretty-printed with two spaces.
// The caller sorts cases and findings; keys keep the order the report was built with.
import type { Report } from '../model/report.js';
import { emit } from './common.js';
import type { Reporter, ReporterFactory } from './reporter.js';

/** Serialise a report as the JSON contract: 2-space indent, trailing newline, no reordering. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** JSON reporter factory (`--reporter json[=file]`). */
export const jsonReporter: ReporterFactory = (opts): Reporter => ({
  name: 'json',
  async finish(report) {
    const text = renderJson(report);
    await emit(text, opts.destination);
    return text;
  },
});
