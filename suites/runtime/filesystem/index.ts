// The filesystem cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { filesystemBindMount } from './bind-mount.js';
import { filesystemIdmapWithoutMappings } from './idmap.js';
import { filesystemIdmapMappings } from './idmap-mappings.js';
import { filesystemMaskedPaths } from './masked-paths.js';
import { filesystemMountFlags, filesystemMountFlagsAccepted } from './mount-flags.js';
import { filesystemMountOptions } from './mount-options.js';
import { filesystemMountBindPropagation, filesystemMountRecursiveAttrs } from './mount-tree.js';
import { filesystemMountsOrder } from './mounts-order.js';
import {
  filesystemDefaultFilesystems,
  filesystemRelativeDestination,
  filesystemRootDefaults,
  filesystemRootfsPropagation,
  filesystemRootRequired,
} from './root.js';
import { filesystemReadonlyPaths, filesystemRootReadonly } from './readonly.js';

export const filesystemCases: RuntimeCase[] = [
  filesystemMountOptions,
  filesystemMountsOrder,
  filesystemBindMount,
  filesystemMaskedPaths,
  filesystemReadonlyPaths,
  filesystemRootReadonly,
  filesystemMountFlags,
  filesystemMountFlagsAccepted,
  filesystemMountBindPropagation,
  filesystemMountRecursiveAttrs,
  filesystemRootRequired,
  filesystemRootDefaults,
  filesystemDefaultFilesystems,
  filesystemRelativeDestination,
  filesystemRootfsPropagation,
  filesystemIdmapWithoutMappings,
  filesystemIdmapMappings,
];
