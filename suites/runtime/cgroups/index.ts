// The cgroups cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { cgroupsCpu } from './cpu.js';
import { cgroupsDevices } from './devices.js';
import { cgroupsMemoryLimit } from './memory-limit.js';
import { cgroupsPidsLimit } from './pids-limit.js';
import {
  cgroupsBlockIO,
  cgroupsBlockIOWeight,
  cgroupsCpuExtra,
  cgroupsHugetlb,
  cgroupsMemory,
  cgroupsMemoryOom,
  cgroupsNetwork,
  cgroupsPidsFork,
  cgroupsPidsZero,
} from './resources.js';
import { cgroupsUnified, cgroupsV1OnlyOnV2 } from './unified.js';
import { cgroupsPath, cgroupsPathInvalid, cgroupsPathRelative } from './path.js';

export const cgroupsCases: RuntimeCase[] = [
  cgroupsMemoryLimit,
  cgroupsPidsLimit,
  cgroupsCpu,
  cgroupsDevices,
  cgroupsPath,
  cgroupsPathRelative,
  cgroupsPathInvalid,
  cgroupsMemory,
  cgroupsMemoryOom,
  cgroupsCpuExtra,
  cgroupsPidsFork,
  cgroupsPidsZero,
  cgroupsHugetlb,
  cgroupsBlockIOWeight,
  cgroupsBlockIO,
  cgroupsNetwork,
  cgroupsUnified,
  cgroupsV1OnlyOnV2,
];
