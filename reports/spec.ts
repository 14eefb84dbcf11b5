// Reporter names and the parser for CLI reporter values (`text`, `junit=out.xml`, `json=-`).
// Kept apart from ./index.ts so the CLI can parse options without loading every reporter.
import type { ReporterFactory } from './reporter.js';

/** Names accepted by `--reporter`. */
export type ReporterName = 'text' | 'json' | 'junit' | 'tap' | 'html' | 'sarif';

export const reporterNames: readonly ReporterName[] = ['text', 'json', 'junit', 'tap', 'html', 'sarif'];

/** A parsed `--reporter` value. `destination` undefined means stdout. */
export interface ReporterSpec {
  name: ReporterName;
  destination?: string;
}

function isReporterName(s: string): s is ReporterName {
  return (reporterNames as readonly string[]).includes(s);
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

/**
 * Load one reporter's factory on demand: a run pays only for the formats it writes (the JUnit
 * builder alone costs more start-up time than validating a file).
 */
export async function loadReporter(name: ReporterName): Promise<ReporterFactory> {
  switch (name) {
    case 'text':
      return (await import('./text.js')).textReporter;
    case 'json':
      return (await import('./json.js')).jsonReporter;
    case 'junit':
      return (await import('./junit.js')).junitReporter;
    case 'tap':
      return (await import('./tap.js')).tapReporter;
    case 'html':
      return (await import('./html.js')).htmlReporter;
    case 'sarif':
      return (await import('./sarif.js')).sarifReporter;
  }
}
