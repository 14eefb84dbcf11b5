// The namespaces cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { namespacesNewVsInherited } from './new-vs-inherited.js';
import { namespacesDomainname, namespacesHostname, namespacesSysctl } from './uts-sysctl.js';
import { namespacesDuplicate, namespacesPathJoin, namespacesPathWrongType } from './by-path.js';
import { namespacesCgroupView, namespacesUserMappings } from './user-cgroup.js';

export const namespacesCases: RuntimeCase[] = [
  namespacesNewVsInherited,
  namespacesHostname,
  namespacesDomainname,
  namespacesSysctl,
  namespacesPathJoin,
  namespacesPathWrongType,
  namespacesDuplicate,
  namespacesUserMappings,
  namespacesCgroupView,
];
