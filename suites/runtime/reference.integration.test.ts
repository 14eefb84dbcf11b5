// The whole runtime suite against the bundled reference runtime (root): verdicts must equal
// baselines/reference.json (every case passes unless listed there with its reason), nothing left behind.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceRuntime } from '../../cli/run.js';
import { runtimeCases } from './index.js';
import { checkAgainstBaseline, versionOf, type BaselineCheck } from './suite-integration.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const isRoot = process.getuid?.() === 0;
const reference = referenceRuntime();
const skip = !isRoot
  ? 'not root'
  : reference === undefined
    ? 'reference runtime not found (reference-runtime/bin/oci-reference-runtime)'
    : versionOf(reference) === undefined
      ? 'reference runtime does not run (--version failed)'
      : null;

describe('whole runtime suite against the reference runtime', () => {
  it.skipIf(skip !== null)(
    `verdicts equal baselines/reference.json${skip ? ` (skipped: ${skip})` : ''}`,
    async () =>
      expectClean(await checkAgainstBaseline(runtimeCases, reference!, `${repo}baselines/reference.json`)),
    900_000,
  );
});

function expectClean(c: BaselineCheck): void {
  expect(c.baselineWarnings).toEqual([]);
  expect(c.unexpected).toEqual([]);
  expect(c.skips).toEqual([]);
  expect(c.xfail).toEqual(c.expectedXfail);
  expect(c.errors).toEqual([]);
  expect(c.leftovers).toEqual([]);
}
