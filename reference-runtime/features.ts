// The `features` document (features.md) of the reference runtime: what it really implements.
import { HOOK_KINDS, NAMESPACE_TYPES } from '../schemas/runtime/vocabulary.js';
import { CAPABILITIES } from './capabilities.js';
import { KNOWN_MOUNT_OPTIONS } from './mount-options.js';
import { nativeArch, SECCOMP_ACTIONS, SECCOMP_FLAGS, SECCOMP_OPERATORS } from './seccomp.js';
import { OCI_VERSION } from './state.js';

/** The features document. */
export function features(version: string): Record<string, unknown> {
  const arch = nativeArch();
  return {
    ociVersionMin: '1.0.0',
    ociVersionMax: OCI_VERSION,
    hooks: [...HOOK_KINDS],
    mountOptions: [...KNOWN_MOUNT_OPTIONS],
    linux: {
      // All of the spec's namespace types, sorted.
      namespaces: [...NAMESPACE_TYPES].sort(),
      capabilities: Object.keys(CAPABILITIES),
      cgroup: { v1: true, v2: true, systemd: false, systemdUser: false, rdma: false },
      seccomp: {
        enabled: arch !== undefined,
        actions: [...SECCOMP_ACTIONS],
        operators: [...SECCOMP_OPERATORS],
        archs: arch ? [arch] : [],
        knownFlags: Object.keys(SECCOMP_FLAGS),
        supportedFlags: Object.keys(SECCOMP_FLAGS),
      },
      apparmor: { enabled: false },
      selinux: { enabled: false },
      intelRdt: { enabled: false, schemata: false, monitoring: false },
      mountExtensions: { idmap: { enabled: false } },
      // memoryPolicy and netDevices are refused at create: no mode, flag or device is recognized.
      memoryPolicy: { modes: [], flags: [] },
      netDevices: { enabled: false },
    },
    // No annotation changes what the reference runtime does.
    potentiallyUnsafeConfigAnnotations: [],
    annotations: { 'org.opencontainers.conform.reference-runtime.version': version },
  };
}
