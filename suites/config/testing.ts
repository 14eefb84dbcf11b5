// Test helper: a JsonDocument from a value or a text, through the real reader (harness/json/read.ts).
import type { JsonDocument } from '../../harness/json/types.js';
import { readJson } from '../../harness/json/read.js';

/** A document over `text` (read exactly as the CLI reads a file). */
export function docFromText(text: string, file = 'config.json'): JsonDocument {
  return readJson(Buffer.from(text, 'utf8'), file);
}

/** A document over `JSON.stringify(value, null, 2)`. */
export function docFromValue(value: unknown, file = 'config.json'): JsonDocument {
  return docFromText(JSON.stringify(value, null, 2), file);
}
