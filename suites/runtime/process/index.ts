// The process cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { processCapabilities } from './capabilities.js';
import { processExecEnvironment } from './exec-environment.js';
import { processPrivileges } from './privileges.js';
import { processRlimits } from './rlimits.js';
import { processUser } from './user.js';
import { processDefaults } from './defaults.js';
import { processInvalidRlimits } from './invalid-rlimits.js';
import { processUnknownCapability } from './unknown-capability.js';
import { processTerminal } from './terminal.js';
import { processContainerProcessState } from './container-process-state.js';
import { processScheduling } from './scheduling.js';

export const processCases: RuntimeCase[] = [
  processUser,
  processRlimits,
  processCapabilities,
  processExecEnvironment,
  processPrivileges,
  processDefaults,
  processInvalidRlimits,
  processUnknownCapability,
  processTerminal,
  processContainerProcessState,
  processScheduling,
];
