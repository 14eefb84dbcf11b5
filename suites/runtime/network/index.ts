// The network cases (linux.netDevices), in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { networkNetDevices } from './net-devices.js';

export const networkCases: RuntimeCase[] = [networkNetDevices];
