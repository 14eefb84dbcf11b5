// The reporters by name, and the parser for CLI reporter values (`text`, `junit=out.xml`, `json=-`).
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { ReporterFactory } from './reporter.js';
import { tapReporter } from './tap.js';
import { textReporter } from './text.js';

export type { Reporter, ReporterFactory, ReporterOptions } from './reporter.js';

/** Names accepted by `--reporter`. */
export type ReporterName = 'text' | 'json' | 'junit' | 'tap' | 'html';

/** Every reporter, by name. */
export const reporters: Record<ReporterName, ReporterFactory> = {
  text: textReporter,
  json: jsonReporter,
  junit: junitReporter,
  tap: tapReporter,
  html: htmlReporter,
};

export const reporterNames = Object.keys(reporters) as ReporterName[];

/** A parsed `--reporter` value. `destination` undefined means stdout. */
export interface ReporterSpec {
  name: ReporterName;
  destination?: string;
}

function isReporterName(s: string): s is ReporterName {
  return Object.hasOwn(reporters, s);
}

/**
 * Parse `name` or `name=destination`. A destination of `-` means stdout (returned as undefined).
 * Throws on an unknown name (the message lists the known ones) or an empty destination.
 */
export function parseReporterSpec(s: string): ReporterSpec {
  const eq = s.indexOf('=');
  const name = (eq === -1 ? s : s.slice(0, eq)).trim();
  if (!isReporterName(name)) {
    throw new Error(`unknown reporter "${name}": expected one of ${reporterNames.join(', ')}`);
  }
  if (eq === -1) return { name };
  const destination = s.slice(eq + 1);
  if (destination === '') {
    throw new Error(`expected a file path or - after "${name}=", found nothing`);
  }
  return destination === '-' ? { name } : { name, destination };
}
