// The default Linux container config pieces (the filesystems config-linux.md says to provide, and the
// runc-spec-like defaults around them), as functions returning fresh copies callers may edit.
import type { NamespaceType } from './vocabulary.js';

/** A mount entry of config.json (config.md "Mounts"), as the defaults write it. */
export interface DefaultMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

/** A namespace entry of config.json (config-linux.md "Namespaces"), as the defaults write it. */
export interface DefaultNamespace {
  type: NamespaceType;
}

/**
 * The default Linux mounts, in this order: proc on `/proc`, a tmpfs `/dev`, devpts on `/dev/pts`,
 * a tmpfs `/dev/shm`, mqueue on `/dev/mqueue`, a read-only sysfs on `/sys`.
 *
 * config-linux.md "Default Filesystems" says `/proc` (proc), `/sys` (sysfs), `/dev/pts` (devpts) and
 * `/dev/shm` (tmpfs) SHOULD be made available; the spec gives no options.
 * SPEC: the tmpfs `/dev` (for config-linux.md "Default Devices"), the mqueue mount and every option
 * are the ones `runc spec` writes, except that devpts has no `gid=5` option and there is no
 * `/sys/fs/cgroup` mount (both in {@link runcSpecMounts}).
 */
export function defaultMounts(): DefaultMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc' },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
    },
    {
      destination: '/dev/mqueue',
      type: 'mqueue',
      source: 'mqueue',
      options: ['nosuid', 'noexec', 'nodev'],
    },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  ];
}

/**
 * The mounts exactly as `runc spec` writes them: {@link defaultMounts} with `gid=5` on devpts, then a
 * read-only cgroup mount on `/sys/fs/cgroup`.
 */
export function runcSpecMounts(): DefaultMount[] {
  const mounts = defaultMounts();
  mounts.find((m) => m.destination === '/dev/pts')!.options!.push('gid=5');
  mounts.push({
    destination: '/sys/fs/cgroup',
    type: 'cgroup',
    source: 'cgroup',
    options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'],
  });
  return mounts;
}

/**
 * The default `linux.namespaces`: pid, network, ipc, uts, mount (no user, cgroup or time namespace),
 * each new (no `path`). SPEC: config-linux.md "Namespaces" lists the types but no default; this is
 * the set `runc spec` writes, which needs no host support beyond a plain kernel.
 */
export function defaultNamespaces(): DefaultNamespace[] {
  return [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
}

/**
 * The default capability set, granted in bounding, effective and permitted: CAP_AUDIT_WRITE,
 * CAP_KILL, CAP_NET_BIND_SERVICE. SPEC: config.md "Linux Process" defines `process.capabilities`
 * but no default; this is `runc spec`'s set.
 */
export function defaultCapabilities(): string[] {
  return ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];
}

/**
 * The default `linux.maskedPaths` (config-linux.md "Masked Paths" defines the field, not a default):
 * the /proc and /sys entries `runc spec` masks, in its order.
 */
export function defaultMaskedPaths(): string[] {
  return [
    '/proc/acpi',
    '/proc/asound',
    '/proc/kcore',
    '/proc/keys',
    '/proc/latency_stats',
    '/proc/timer_list',
    '/proc/timer_stats',
    '/proc/sched_debug',
    '/sys/firmware',
    '/proc/scsi',
  ];
}

/**
 * The default `linux.readonlyPaths` (config-linux.md "Readonly Paths" defines the field, not a
 * default): the /proc entries `runc spec` makes read-only.
 */
export function defaultReadonlyPaths(): string[] {
  return ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
}
