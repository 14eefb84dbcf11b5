// The config rules, one per file under ./rules, in a stable order (the runner applies them in this order).
import type { ConfigRule } from '../../harness/config/rule.js';
import annotationsKeyReverseDomain from './rules/annotations/key-reverse-domain.js';
import annotationsOciImageValues from './rules/annotations/oci-image-values.js';
import annotationsReservedNamespace from './rules/annotations/reserved-namespace.js';
import bundleArgsExecutable from './rules/bundle/args-executable.js';
import bundleDevicesMatchRootfs from './rules/bundle/devices-match-rootfs.js';
import bundleRootInsideBundle from './rules/bundle/root-inside-bundle.js';
import bundleRootPathExists from './rules/bundle/root-path-exists.js';
import featuresHooksKnown from './rules/features/hooks-known.js';
import featuresLinuxCapabilitiesKnown from './rules/features/linux-capabilities-known.js';
import featuresMountOptionsNoFsSpecific from './rules/features/mount-options-no-fs-specific.js';
import featuresVersionRange from './rules/features/version-range.js';
import generalIntegerLiteral from './rules/general/integer-literal.js';
import generalIntegerRange from './rules/general/integer-range.js';
import hooksEnvFormat from './rules/hooks/env-format.js';
import hooksPrestartDeprecated from './rules/hooks/prestart-deprecated.js';
import hostApparmorProfile from './rules/host/apparmor-profile.js';
import hostBindSources from './rules/host/bind-sources.js';
import hostCapabilitiesKernel from './rules/host/capabilities-kernel.js';
import hostHookExecutable from './rules/host/hook-executable.js';
import hostMountTypes from './rules/host/mount-types.js';
import hostNamespacePaths from './rules/host/namespace-paths.js';
import hostOomScoreAdjNegative from './rules/host/oom-score-adj-negative.js';
import hostRlimitsAboveHardLimit from './rules/host/rlimits-above-hard-limit.js';
import hostCgroupControllers from './rules/host/cgroup-controllers.js';
import hostHugepageSizes from './rules/host/hugepage-sizes.js';
import hostNamespacesKernel from './rules/host/namespaces-kernel.js';
import hostSeccompActions from './rules/host/seccomp-actions.js';
import hostSeccompArchitectures from './rules/host/seccomp-architectures.js';
import hostSysctlsKernel from './rules/host/sysctls-kernel.js';
import linuxCgroupsPath from './rules/linux/cgroups-path.js';
import linuxDevicesDuplicateNumber from './rules/linux/devices-duplicate-number.js';
import linuxDevicesDuplicatePath from './rules/linux/devices-duplicate-path.js';
import linuxDevicesFileMode from './rules/linux/devices-file-mode.js';
import linuxDevicesPathAbsolute from './rules/linux/devices-path-absolute.js';
import linuxIntelRdtL3CacheSchema from './rules/linux/intel-rdt-l3-cache-schema.js';
import linuxMemoryPolicyNodes from './rules/linux/memory-policy-nodes.js';
import linuxNetDevicesNames from './rules/linux/net-devices-names.js';
import linuxNetDevicesNeedNetns from './rules/linux/net-devices-need-netns.js';
import linuxPersonalityFlags from './rules/linux/personality-flags.js';
import mountsBindNeedsOption from './rules/mounts/bind-needs-option.js';
import mountsDestinationAbsolute from './rules/mounts/destination-absolute.js';
import mountsIdmapNeedsMapping from './rules/mounts/idmap-needs-mapping.js';
import mountsMappingsWantIdmap from './rules/mounts/mappings-want-idmap.js';
import mountsOptionsKnown from './rules/mounts/options-known.js';
import namespacesDuplicate from './rules/namespaces/duplicate.js';
import namespacesMappingsNeedUserns from './rules/namespaces/mappings-need-userns.js';
import namespacesMappingsOverlap from './rules/namespaces/mappings-overlap.js';
import namespacesMountsNeedMountns from './rules/namespaces/mounts-need-mountns.js';
import namespacesSysctlNamespaces from './rules/namespaces/sysctl-namespaces.js';
import namespacesTimeOffsetsClocks from './rules/namespaces/time-offsets-clocks.js';
import namespacesTimeOffsetsNeedTimens from './rules/namespaces/time-offsets-need-timens.js';
import namespacesUserMapped from './rules/namespaces/user-mapped.js';
import namespacesUsernsNeedsMappings from './rules/namespaces/userns-needs-mappings.js';
import processCapabilitiesDuplicate from './rules/process/capabilities-duplicate.js';
import processCapabilitiesKnown from './rules/process/capabilities-known.js';
import processCapabilitiesRelations from './rules/process/capabilities-relations.js';
import processConsoleSizeIgnored from './rules/process/console-size-ignored.js';
import processEnvFormat from './rules/process/env-format.js';
import processExecCpuAffinitySyntax from './rules/process/exec-cpu-affinity-syntax.js';
import processHostnameNeedsUts from './rules/process/hostname-needs-uts.js';
import processOomScoreAdjRange from './rules/process/oom-score-adj-range.js';
import processRlimitsDuplicate from './rules/process/rlimits-duplicate.js';
import processRlimitsSoftLeHard from './rules/process/rlimits-soft-le-hard.js';
import processRlimitsTypeKnown from './rules/process/rlimits-type-known.js';
import processSchedulerParams from './rules/process/scheduler-params.js';
import processUmaskRange from './rules/process/umask-range.js';
import resourcesBlockioWeightRange from './rules/resources/blockio-weight-range.js';
import resourcesCpuBandwidth from './rules/resources/cpu-bandwidth.js';
import resourcesCpuQuotaBurst from './rules/resources/cpu-quota-burst.js';
import resourcesCpusetSyntax from './rules/resources/cpuset-syntax.js';
import resourcesHugepageDuplicate from './rules/resources/hugepage-duplicate.js';
import resourcesMemoryKernel from './rules/resources/memory-kernel.js';
import resourcesMemoryLimits from './rules/resources/memory-limits.js';
import resourcesPidsLimit from './rules/resources/pids-limit.js';
import resourcesUnifiedKeys from './rules/resources/unified-keys.js';
import rootPathConventional from './rules/root/path-conventional.js';
import seccompArgIndex from './rules/seccomp/arg-index.js';
import seccompErrnoRetAction from './rules/seccomp/errno-ret-action.js';
import seccompListener from './rules/seccomp/listener.js';
import seccompNamesNonempty from './rules/seccomp/names-nonempty.js';
import statePidPositive from './rules/state/pid-positive.js';
import windowsHypervNoRoot from './rules/windows/hyperv-no-root.js';
import windowsMountNesting from './rules/windows/mount-nesting.js';
import windowsRootReadonly from './rules/windows/root-readonly.js';

/** Every config/state/features rule. */
export const rules: readonly ConfigRule[] = [
  annotationsKeyReverseDomain,
  annotationsOciImageValues,
  annotationsReservedNamespace,
  bundleArgsExecutable,
  bundleDevicesMatchRootfs,
  bundleRootInsideBundle,
  bundleRootPathExists,
  featuresHooksKnown,
  featuresLinuxCapabilitiesKnown,
  featuresMountOptionsNoFsSpecific,
  featuresVersionRange,
  generalIntegerLiteral,
  generalIntegerRange,
  hooksEnvFormat,
  hooksPrestartDeprecated,
  hostApparmorProfile,
  hostBindSources,
  hostCapabilitiesKernel,
  hostHookExecutable,
  hostMountTypes,
  hostNamespacePaths,
  hostRlimitsAboveHardLimit,
  hostOomScoreAdjNegative,
  hostCgroupControllers,
  hostHugepageSizes,
  hostSysctlsKernel,
  hostSeccompActions,
  hostSeccompArchitectures,
  hostNamespacesKernel,
  linuxCgroupsPath,
  linuxDevicesDuplicateNumber,
  linuxDevicesDuplicatePath,
  linuxDevicesFileMode,
  linuxDevicesPathAbsolute,
  linuxIntelRdtL3CacheSchema,
  linuxMemoryPolicyNodes,
  linuxNetDevicesNames,
  linuxNetDevicesNeedNetns,
  linuxPersonalityFlags,
  mountsBindNeedsOption,
  mountsDestinationAbsolute,
  mountsIdmapNeedsMapping,
  mountsMappingsWantIdmap,
  mountsOptionsKnown,
  namespacesDuplicate,
  namespacesMappingsNeedUserns,
  namespacesMappingsOverlap,
  namespacesMountsNeedMountns,
  namespacesSysctlNamespaces,
  namespacesTimeOffsetsClocks,
  namespacesTimeOffsetsNeedTimens,
  namespacesUserMapped,
  namespacesUsernsNeedsMappings,
  processCapabilitiesDuplicate,
  processCapabilitiesKnown,
  processCapabilitiesRelations,
  processConsoleSizeIgnored,
  processEnvFormat,
  processExecCpuAffinitySyntax,
  processHostnameNeedsUts,
  processOomScoreAdjRange,
  processRlimitsDuplicate,
  processRlimitsSoftLeHard,
  processRlimitsTypeKnown,
  processSchedulerParams,
  processUmaskRange,
  resourcesBlockioWeightRange,
  resourcesCpuBandwidth,
  resourcesCpuQuotaBurst,
  resourcesCpusetSyntax,
  resourcesHugepageDuplicate,
  resourcesMemoryKernel,
  resourcesMemoryLimits,
  resourcesPidsLimit,
  resourcesUnifiedKeys,
  rootPathConventional,
  seccompArgIndex,
  seccompErrnoRetAction,
  seccompListener,
  seccompNamesNonempty,
  statePidPositive,
  windowsHypervNoRoot,
  windowsMountNesting,
  windowsRootReadonly,
];
