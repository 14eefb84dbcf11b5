// Every runtime conformance case, by area. Area suites add their list here.
import type { RuntimeCase } from './case.js';
import { lifecycleCases } from './lifecycle/index.js';

/** All runtime cases in a stable order (ids are unique; the test in index.test.ts checks it). */
export const runtimeCases: RuntimeCase[] = [...lifecycleCases];
