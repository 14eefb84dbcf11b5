// Value tables the config rules check against (kernel names the spec defers to), in our own words.

import {
  HOOK_KINDS,
  LINUX_MOUNT_OPTIONS as LINUX_MOUNT_OPTION_LIST,
  SECCOMP_ACTIONS as SECCOMP_ACTION_LIST,
  SECCOMP_ARCHITECTURES,
  SECCOMP_FLAGS as SECCOMP_FLAG_LIST,
  SECCOMP_OPERATORS,
  LINUX_CAPABILITIES,
} from '../../schemas/runtime/vocabulary.js';

export { LINUX_CAPABILITIES };

export const LINUX_CAPABILITY_SET: ReadonlySet<string> = new Set(LINUX_CAPABILITIES);

/** The five capability sets of process.capabilities. */
export const CAPABILITY_SETS = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;

/** Linux resource limits (getrlimit(2)). */
export const LINUX_RLIMITS: ReadonlySet<string> = new Set([
  'RLIMIT_AS',
  'RLIMIT_CORE',
  'RLIMIT_CPU',
  'RLIMIT_DATA',
  'RLIMIT_FSIZE',
  'RLIMIT_LOCKS',
  'RLIMIT_MEMLOCK',
  'RLIMIT_MSGQUEUE',
  'RLIMIT_NICE',
  'RLIMIT_NOFILE',
  'RLIMIT_NPROC',
  'RLIMIT_RSS',
  'RLIMIT_RTPRIO',
  'RLIMIT_RTTIME',
  'RLIMIT_SIGPENDING',
  'RLIMIT_STACK',
]);

/** Solaris resource limits (getrlimit(3)). */
export const SOLARIS_RLIMITS: ReadonlySet<string> = new Set([
  'RLIMIT_CORE',
  'RLIMIT_CPU',
  'RLIMIT_DATA',
  'RLIMIT_FSIZE',
  'RLIMIT_NOFILE',
  'RLIMIT_STACK',
  'RLIMIT_VMEM',
  'RLIMIT_AS',
]);

/** Linux mount options the spec's table lists (config.md "Linux mount options"), plus idmap/ridmap. */
export const LINUX_MOUNT_OPTIONS: ReadonlySet<string> = new Set(LINUX_MOUNT_OPTION_LIST);

/**
 * Filesystem-specific flag options (no `=`) in common use, passed as mount(2) data: not in the spec's
 * table but not suspicious either.
 */
export const COMMON_FS_FLAG_OPTIONS: ReadonlySet<string> = new Set([
  'newinstance',
  'nr_inodes',
  'noacl',
  'acl',
  'user_xattr',
  'nouser_xattr',
  'xino',
  'noxino',
  'userxattr',
  'metacopy',
  'redirect_dir',
  'index',
  'volatile',
  'usrquota',
  'grpquota',
  'noswap',
  'huge',
  'inode64',
  'inode32',
  'discard',
  'nodiscard',
  'errors',
  'cgroup2',
  'nsdelegate',
  'memory_recursiveprot',
  'memory_localevents',
  'favordynmods',
  'hidepid',
  'subset',
  'pids',
  'cpu',
  'cpuset',
  'cpuacct',
  'memory',
  'devices',
  'freezer',
  'blkio',
  'net_cls',
  'net_prio',
  'perf_event',
  'hugetlb',
  'rdma',
  'misc',
  'none',
  'name',
  'xattr',
  'noxattr',
  'sloppy',
  'shortname',
  'utf8',
  'uni_xlate',
  'nofail',
  'auto',
  'noauto',
  'user',
  'nouser',
  'owner',
  'group',
  'users',
  'context',
  'fscontext',
  'defcontext',
  'rootcontext',
  'seclabel',
]);

/** seccomp actions (config-linux.md "Seccomp" action list). */
export const SECCOMP_ACTIONS: ReadonlySet<string> = new Set(SECCOMP_ACTION_LIST);

/** Actions that return an errno to the caller, so errnoRet means something. */
export const SECCOMP_ERRNO_ACTIONS: ReadonlySet<string> = new Set(['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE']);

/** seccomp architectures (config-linux.md "Seccomp"). */
export const SECCOMP_ARCHES: ReadonlySet<string> = new Set(SECCOMP_ARCHITECTURES);

/** seccomp filter flags (config-linux.md "Seccomp"). */
export const SECCOMP_FLAGS: ReadonlySet<string> = new Set(SECCOMP_FLAG_LIST);

/** seccomp argument operators (config-linux.md "Seccomp"). */
export const SECCOMP_OPS: ReadonlySet<string> = new Set(SECCOMP_OPERATORS);

/** Namespace types and whether a sysctl prefix belongs to them (kernel: namespaced sysctls). */
export const IPC_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
  'kernel.msg_next_id',
  'kernel.sem_next_id',
  'kernel.shm_next_id',
]);
export const UTS_SYSCTLS: ReadonlySet<string> = new Set(['kernel.hostname', 'kernel.domainname']);

/** Hook lists of config.hooks (the list lives in schemas/runtime/vocabulary.ts). */
export { HOOK_KINDS };
