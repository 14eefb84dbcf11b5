// The runtime-spec's enumerations (config.md, config-linux.md, features-linux.md) as readonly lists:
// one home for the schemas, the config rules, the reference runtime and the bench.

/**
 * Namespace types of `linux.namespaces[].type` (config-linux.md "Namespaces"), in the order the
 * spec lists them. `time` exists since 1.1.0 (see `namespaceTypes` in config.ts for the gate).
 */
export const NAMESPACE_TYPES = ['pid', 'network', 'mount', 'ipc', 'uts', 'user', 'cgroup', 'time'] as const;
/** One of {@link NAMESPACE_TYPES}. */
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

/** Hook lists of `hooks` (config.md "POSIX-platform Hooks"), in lifecycle order. */
export const HOOK_KINDS = [
  'prestart',
  'createRuntime',
  'createContainer',
  'startContainer',
  'poststart',
  'poststop',
] as const;
/** One of {@link HOOK_KINDS}. */
export type HookKind = (typeof HOOK_KINDS)[number];

/**
 * Linux mount options of `mounts[].options` that the spec's table lists (config.md "Linux mount
 * options"), plus `idmap` and `ridmap` (config.md "Mounts", since 1.2.0).
 * SPEC: the table has `rdev` but no `rnodev` row; we list the table as written.
 */
export const LINUX_MOUNT_OPTIONS = [
  'async',
  'atime',
  'bind',
  'defaults',
  'dev',
  'diratime',
  'dirsync',
  'exec',
  'iversion',
  'lazytime',
  'loud',
  'mand',
  'noatime',
  'nodev',
  'nodiratime',
  'noexec',
  'noiversion',
  'nolazytime',
  'nomand',
  'norelatime',
  'nostrictatime',
  'nosuid',
  'nosymfollow',
  'private',
  'ratime',
  'rbind',
  'rdev',
  'rdiratime',
  'relatime',
  'remount',
  'rexec',
  'rnoatime',
  'rnodiratime',
  'rnoexec',
  'rnorelatime',
  'rnostrictatime',
  'rnosuid',
  'rnosymfollow',
  'rprivate',
  'rrelatime',
  'rro',
  'rrw',
  'rshared',
  'rslave',
  'rstrictatime',
  'rsuid',
  'rsymfollow',
  'runbindable',
  'rw',
  'shared',
  'silent',
  'slave',
  'strictatime',
  'suid',
  'symfollow',
  'sync',
  'tmpcopyup',
  'unbindable',
  'idmap',
  'ridmap',
  'ro',
] as const;
/** One of {@link LINUX_MOUNT_OPTIONS}. */
export type LinuxMountOption = (typeof LINUX_MOUNT_OPTIONS)[number];

// SPEC: the seccomp lists are "valid constants as of libseccomp vX": they follow libseccomp, not
// the spec version, so every version accepts the union of all listed values (a 1.0.2 config using
// SCMP_ACT_KILL_PROCESS is common and runtimes accept it).

/** `linux.seccomp.defaultAction` and `syscalls[].action` values (config-linux.md "Seccomp"). */
export const SECCOMP_ACTIONS = [
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_ALLOW',
  'SCMP_ACT_LOG',
  'SCMP_ACT_NOTIFY',
] as const;
/** One of {@link SECCOMP_ACTIONS}. */
export type SeccompAction = (typeof SECCOMP_ACTIONS)[number];

/** `linux.seccomp.architectures` values (config-linux.md "Seccomp"). */
export const SECCOMP_ARCHITECTURES = [
  'SCMP_ARCH_X86',
  'SCMP_ARCH_X86_64',
  'SCMP_ARCH_X32',
  'SCMP_ARCH_ARM',
  'SCMP_ARCH_AARCH64',
  'SCMP_ARCH_MIPS',
  'SCMP_ARCH_MIPS64',
  'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL',
  'SCMP_ARCH_MIPSEL64',
  'SCMP_ARCH_MIPSEL64N32',
  'SCMP_ARCH_PPC',
  'SCMP_ARCH_PPC64',
  'SCMP_ARCH_PPC64LE',
  'SCMP_ARCH_S390',
  'SCMP_ARCH_S390X',
  'SCMP_ARCH_PARISC',
  'SCMP_ARCH_PARISC64',
  'SCMP_ARCH_RISCV64',
  'SCMP_ARCH_LOONGARCH64',
  'SCMP_ARCH_M68K',
  'SCMP_ARCH_SH',
  'SCMP_ARCH_SHEB',
] as const;
/** One of {@link SECCOMP_ARCHITECTURES}. */
export type SeccompArchitecture = (typeof SECCOMP_ARCHITECTURES)[number];

/** `linux.seccomp.flags` values (config-linux.md "Seccomp"). */
export const SECCOMP_FLAGS = [
  'SECCOMP_FILTER_FLAG_TSYNC',
  'SECCOMP_FILTER_FLAG_LOG',
  'SECCOMP_FILTER_FLAG_SPEC_ALLOW',
  'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV',
] as const;
/** One of {@link SECCOMP_FLAGS}. */
export type SeccompFlag = (typeof SECCOMP_FLAGS)[number];

/** `linux.seccomp.syscalls[].args[].op` values (config-linux.md "Seccomp"). */
export const SECCOMP_OPERATORS = [
  'SCMP_CMP_NE',
  'SCMP_CMP_LT',
  'SCMP_CMP_LE',
  'SCMP_CMP_EQ',
  'SCMP_CMP_GE',
  'SCMP_CMP_GT',
  'SCMP_CMP_MASKED_EQ',
] as const;
/** One of {@link SECCOMP_OPERATORS}. */
export type SeccompOperator = (typeof SECCOMP_OPERATORS)[number];

/** Linux capability names by number (capabilities(7)); index = capability number. */
export const LINUX_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];
