// The devices cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { devicesDefaultDevices } from './default-devices.js';
import { devicesLinuxDevices, devicesPathConflict } from './linux-devices.js';

export const devicesCases: RuntimeCase[] = [devicesLinuxDevices, devicesPathConflict, devicesDefaultDevices];
