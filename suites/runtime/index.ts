// Every runtime conformance case, by area: the lifecycle suite, then one case per other area.
import { areaCases } from './areas.js';
import type { RuntimeCase } from '../../harness/runtime/case.js';
import { lifecycleCases } from './lifecycle/index.js';

/** All runtime cases in a stable order (ids are unique; index.test.ts checks it). */
export const runtimeCases: RuntimeCase[] = [...lifecycleCases, ...areaCases];
