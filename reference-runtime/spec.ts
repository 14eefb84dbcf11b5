// The subset of the runtime-spec config.json that the reference runtime reads, as TypeScript types.
// Values arrive from JSON, so every field is optional here and checked in ./config.ts.

/** A mount entry (config.md "Mounts"). */
export interface SpecMount {
  destination: string;
  source?: string;
  type?: string;
  options?: string[];
  uidMappings?: SpecIdMapping[];
  gidMappings?: SpecIdMapping[];
}

/** One hook entry (config.md "POSIX-platform Hooks"). */
export interface SpecHook {
  path: string;
  args?: string[];
  env?: string[];
  timeout?: number;
}

/** The hooks object, by lifecycle point. */
export interface SpecHooks {
  prestart?: SpecHook[];
  createRuntime?: SpecHook[];
  createContainer?: SpecHook[];
  startContainer?: SpecHook[];
  poststart?: SpecHook[];
  poststop?: SpecHook[];
}

export interface SpecIdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

export interface SpecCapabilities {
  bounding?: string[];
  effective?: string[];
  permitted?: string[];
  inheritable?: string[];
  ambient?: string[];
}

export interface SpecProcess {
  terminal?: boolean;
  user?: { uid: number; gid: number; umask?: number; additionalGids?: number[]; username?: string };
  args?: string[];
  commandLine?: string;
  env?: string[];
  cwd?: string;
  capabilities?: SpecCapabilities;
  rlimits?: { type: string; soft: number; hard: number }[];
  noNewPrivileges?: boolean;
  apparmorProfile?: string;
  oomScoreAdj?: number;
  selinuxLabel?: string;
  scheduler?: {
    policy: string;
    nice?: number;
    priority?: number;
    flags?: string[];
    runtime?: number;
    deadline?: number;
    period?: number;
  };
  ioPriority?: { class: string; priority: number };
  execCPUAffinity?: unknown;
}

export interface SpecSeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

export interface SpecSeccompSyscall {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: SpecSeccompArg[];
}

export interface SpecSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  syscalls?: SpecSeccompSyscall[];
}

export interface SpecDevice {
  type: string;
  path: string;
  major?: number;
  minor?: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface SpecDeviceCgroup {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access?: string;
}

/** One per-device rate of linux.resources.blockIO. */
export interface SpecThrottleDevice {
  major: number;
  minor: number;
  rate: number;
}

/** linux.resources.blockIO (the parts the reference runtime applies). */
export interface SpecBlockIO {
  weight?: number;
  leafWeight?: number;
  weightDevice?: unknown[];
  throttleReadBpsDevice?: SpecThrottleDevice[];
  throttleWriteBpsDevice?: SpecThrottleDevice[];
  throttleReadIOPSDevice?: SpecThrottleDevice[];
  throttleWriteIOPSDevice?: SpecThrottleDevice[];
}

export interface SpecResources {
  devices?: SpecDeviceCgroup[];
  memory?: {
    limit?: number;
    reservation?: number;
    swap?: number;
    kernel?: number;
    swappiness?: number;
    disableOOMKiller?: boolean;
  };
  cpu?: {
    shares?: number;
    quota?: number;
    period?: number;
    cpus?: string;
    mems?: string;
    realtimeRuntime?: number;
    realtimePeriod?: number;
    idle?: number;
    burst?: number;
  };
  pids?: { limit: number };
  blockIO?: SpecBlockIO;
  hugepageLimits?: { pageSize: string; limit: number }[];
  network?: { classID?: number; priorities?: { name: string; priority: number }[] };
  rdma?: unknown;
  unified?: Record<string, string>;
}

export interface SpecLinux {
  namespaces?: { type: string; path?: string }[];
  uidMappings?: SpecIdMapping[];
  gidMappings?: SpecIdMapping[];
  timeOffsets?: Record<string, { secs?: number; nanosecs?: number }>;
  devices?: SpecDevice[];
  cgroupsPath?: string;
  resources?: SpecResources;
  rootfsPropagation?: string;
  seccomp?: SpecSeccomp;
  sysctl?: Record<string, string>;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  mountLabel?: string;
  intelRdt?: unknown;
  personality?: unknown;
  memoryPolicy?: unknown;
  netDevices?: unknown;
}

/** The config.json document. */
export interface Spec {
  ociVersion: string;
  root?: { path: string; readonly?: boolean };
  mounts?: SpecMount[];
  process?: SpecProcess;
  hostname?: string;
  domainname?: string;
  hooks?: SpecHooks;
  annotations?: Record<string, string>;
  linux?: SpecLinux;
}
