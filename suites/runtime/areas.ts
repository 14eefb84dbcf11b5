// The runtime cases of the non-lifecycle areas, in a stable order, for the case list in
// suites/runtime/index.ts; each area lists its own cases in <area>/index.ts. A case configures one
// setting, lets the probe (or a host-side reader, for cgroups and hooks) observe it, and compares in a
// pure check function (observation + config -> findings) that its area's unit tests exercise on
// fixtures. areas.test.ts runs every case against runc and against the wrapper that breaks it
// (<area>/breakers.fixtures.ts).
import type { RuntimeCase } from '../../harness/runtime/case.js';
import { processCases } from './process/index.js';
import { filesystemCases } from './filesystem/index.js';
import { namespacesCases } from './namespaces/index.js';
import { devicesCases } from './devices/index.js';
import { hooksCases } from './hooks/index.js';
import { cgroupsCases } from './cgroups/index.js';
import { securityCases } from './security/index.js';
import { featuresCases } from './features/index.js';
import { rdtCases } from './rdt/index.js';
import { networkCases } from './network/index.js';

export const areaCases: RuntimeCase[] = [
  ...processCases,
  ...filesystemCases,
  ...namespacesCases,
  ...devicesCases,
  ...hooksCases,
  ...cgroupsCases,
  ...securityCases,
  ...featuresCases,
  ...rdtCases,
  ...networkCases,
];
