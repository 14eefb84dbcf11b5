// The lifecycle suite (runtime.md: state, create, start, kill, delete; spec v1.3.0 semantics).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { configEditAfterCreate, configInvalidOciVersion, configUnknownProperties } from './config.js';
import { createDuplicateId, createEmptyId, createMissingId, createProgramAtStart } from './create.js';
import {
  deleteCreated,
  deleteIdReuse,
  deleteKeepsForeignCgroup,
  deleteRemovesCgroup,
  deleteRunning,
  deleteUnknown,
} from './delete.js';
import {
  killCreatedByName,
  killCreatedByNumber,
  killRunningByName,
  killRunningByNumber,
  killStopped,
  killUnknown,
} from './kill.js';
import { operationsSameRuntime } from './operations.js';
import { bundleConfigJson } from './bundle.js';
import { createAppliesConfig } from './applies-config.js';
import { startNoProcess, startRunning, startStopped, startUnknown } from './start.js';
import {
  stateAnnotations,
  stateBundle,
  statePidFile,
  stateStoppedAfterExit,
  stateTransitions,
  stateUnknownId,
} from './state.js';

export const lifecycleCases: RuntimeCase[] = [
  stateTransitions,
  stateStoppedAfterExit,
  statePidFile,
  stateBundle,
  stateAnnotations,
  stateUnknownId,
  createDuplicateId,
  createEmptyId,
  createMissingId,
  createProgramAtStart,
  startRunning,
  startStopped,
  startUnknown,
  startNoProcess,
  killRunningByName,
  killRunningByNumber,
  killCreatedByName,
  killCreatedByNumber,
  killStopped,
  killUnknown,
  deleteRunning,
  deleteCreated,
  deleteIdReuse,
  deleteRemovesCgroup,
  deleteKeepsForeignCgroup,
  deleteUnknown,
  configEditAfterCreate,
  configUnknownProperties,
  configInvalidOciVersion,
  operationsSameRuntime,
  bundleConfigJson,
  createAppliesConfig,
];
