// The rdt cases (linux.intelRdt), in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { rdtClosID, rdtNoResctrlError, rdtOwnGroup } from './intel-rdt.js';

export const rdtCases: RuntimeCase[] = [rdtNoResctrlError, rdtOwnGroup, rdtClosID];
