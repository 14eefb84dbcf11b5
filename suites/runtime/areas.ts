// The runtime cases of the non-lifecycle areas (process, filesystem, namespaces, hooks, cgroups, security),
// in a stable order, for the case list in suites/runtime/index.ts. Each case configures one setting, lets the
// probe (or a host-side reader, for cgroups and hooks) observe it, and compares in a pure check function
// (observation + config -> findings) that its area's unit tests exercise on fixtures. areas.test.ts runs every
// case against runc and against test/wrappers/drop-<setting>.sh, which removes that one setting.
import type { RuntimeCase } from '../../harness/runtime/case.js';
import { cgroupsCpu } from './cgroups/cpu.js';
import { cgroupsMemoryLimit } from './cgroups/memory-limit.js';
import { cgroupsPidsLimit } from './cgroups/pids-limit.js';
import { filesystemBindMount } from './filesystem/bind-mount.js';
import { filesystemMaskedPaths } from './filesystem/masked-paths.js';
import { filesystemMountOptions } from './filesystem/mount-options.js';
import { filesystemMountsOrder } from './filesystem/mounts-order.js';
import { filesystemReadonlyPaths, filesystemRootReadonly } from './filesystem/readonly.js';
import { hooksListedOrder } from './hooks/listed-order.js';
import { hooksOrderAndState } from './hooks/order-and-state.js';
import { namespacesNewVsInherited } from './namespaces/new-vs-inherited.js';
import { namespacesDomainname, namespacesHostname, namespacesSysctl } from './namespaces/uts-sysctl.js';
import { processCapabilities } from './process/capabilities.js';
import { processExecEnvironment } from './process/exec-environment.js';
import { processPrivileges } from './process/privileges.js';
import { processRlimits } from './process/rlimits.js';
import { processUser } from './process/user.js';
import { securitySeccompArgs } from './security/seccomp-args.js';
import { securitySeccompErrno } from './security/seccomp-errno.js';

export const areaCases: RuntimeCase[] = [
  processUser,
  processRlimits,
  processCapabilities,
  processExecEnvironment,
  processPrivileges,
  filesystemMountOptions,
  filesystemMountsOrder,
  filesystemBindMount,
  filesystemMaskedPaths,
  filesystemReadonlyPaths,
  filesystemRootReadonly,
  namespacesNewVsInherited,
  namespacesHostname,
  namespacesDomainname,
  namespacesSysctl,
  hooksOrderAndState,
  hooksListedOrder,
  cgroupsMemoryLimit,
  cgroupsPidsLimit,
  cgroupsCpu,
  securitySeccompErrno,
  securitySeccompArgs,
];
