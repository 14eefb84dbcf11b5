// The reporters by name, and the parser for CLI reporter values (`text`, `junit=out.xml`, `json=-`).
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { ReporterFactory } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { tapReporter } from './tap.js';
import { textReporter } from './text.js';
import type { ReporterName } from './spec.js';

export type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';
export { parseReporterSpec, reporterNames, type ReporterName, type ReporterSpec } from './spec.js';

/** Every reporter, by name. */
export const reporters: Record<ReporterName, ReporterFactory> = {
  text: textReporter,
  json: jsonReporter,
  junit: junitReporter,
  tap: tapReporter,
  html: htmlReporter,
  sarif: sarifReporter,
};
