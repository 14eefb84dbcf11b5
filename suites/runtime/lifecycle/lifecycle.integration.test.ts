// The whole runtime suite (lifecycle and every area) against the real runtimes of the CI machine (root,
// runc 1.1.5, crun 1.8.1): verdicts must equal the committed baselines, and nothing may be left behind.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runtimeCases } from '../index.js';
import { checkAgainstBaseline, versionOf, type BaselineCheck } from '../suite-integration.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const isRoot = process.getuid?.() === 0;

const runtimes = [
  { name: 'runc', bin: 'runc', want: /^runc version 1\.1\.5/, baseline: 'baselines/runc-1.1.5.json' },
  {
    name: 'crun',
    bin: 'crun',
    wrapper: `${repo}test/wrappers/crun-hybrid.sh`,
    want: /^crun version 1\.8\.1/,
    baseline: 'baselines/crun-1.8.1.json',
  },
];

for (const rt of runtimes) {
  const version = versionOf(rt.bin);
  const skip = !isRoot
    ? 'not root'
    : !version
      ? `${rt.bin} not installed`
      : !rt.want.test(version)
        ? `baseline is for ${rt.want}, found ${version}`
        : null;
  describe(`whole runtime suite against ${rt.name}`, () => {
    it.skipIf(skip !== null)(
      `verdicts equal ${rt.baseline}${skip ? ` (skipped: ${skip})` : ''}`,
      async () =>
        expectClean(await checkAgainstBaseline(runtimeCases, rt.wrapper ?? rt.bin, `${repo}${rt.baseline}`)),
      600_000,
    );
  });
}

function expectClean(c: BaselineCheck): void {
  expect(c.baselineWarnings).toEqual([]);
  expect(c.unexpected).toEqual([]);
  expect(c.skips).toEqual([]);
  expect(c.xfail).toEqual(c.expectedXfail);
  expect(c.errors).toEqual([]);
  expect(c.leftovers).toEqual([]);
}
