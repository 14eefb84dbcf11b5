// Test helper: a JsonDocument from a value or a text, through the real reader (harness/json/read.ts).
import type { JsonDocument } from '../../harness/json/types.js';
import { readJson } from '../../harness/json/read.js';
import { applyRules, type ApplyInput, type RuleResult } from '../../harness/config/run.js';
import { rules } from './index.js';

/** A document over `text` (read exactly as the CLI reads a file). */
export function docFromText(text: string, file = 'config.json'): JsonDocument {
  return readJson(Buffer.from(text, 'utf8'), file);
}

/** A document over `JSON.stringify(value, null, 2)`. */
export function docFromValue(value: unknown, file = 'config.json'): JsonDocument {
  return docFromText(JSON.stringify(value, null, 2), file);
}

/** The engine's applyRules with this suite's rule list unless the test gives its own. */
export function applySuiteRules(
  input: Omit<ApplyInput, 'rules'> & { rules?: ApplyInput['rules'] },
): RuleResult[] {
  return applyRules({ rules, ...input });
}
