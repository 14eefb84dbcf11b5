// Preflight: what the host offers (kernel, cgroup mode and controllers, capabilities, user namespaces, LSMs,
// namespaces, seccomp), read through the file-system seam so it is tested against fixture dirs.
import { realpath } from 'node:fs/promises';
import { availableParallelism, release, arch, tmpdir } from 'node:os';
import { cgroupMode, cgroupMounts, hostFs, mountinfoEntries, type HostFs } from './cgroups.js';
import type { RunHostFacts } from './host.js';
import { LINUX_CAPABILITIES } from '../../schemas/runtime/vocabulary.js';

/** Capability names by bit number (one table for the whole tool: the config rules' data). */
export const capabilityNames = LINUX_CAPABILITIES;

/** Names of the bits set in a hex capability mask (as in /proc/PID/status `CapEff`). */
export function decodeCapabilities(hex: string): string[] {
  const mask = BigInt('0x' + hex.trim());
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((mask >> BigInt(bit)) & 1n) out.push(capabilityNames[bit] ?? `CAP_${bit}`);
  }
  return out;
}

async function readOr(fs: HostFs, path: string, fallback: string): Promise<string> {
  try {
    return await fs.readFile(path);
  } catch {
    return fallback;
  }
}

/** Namespace types in the spec's words from the entries of /proc/PID/ns (`net` -> `network`, `mnt` -> `mount`). */
export function namespaceTypesFromProc(entries: string[]): string[] {
  return entries
    .filter((n) => !n.endsWith('_for_children'))
    .map((n) => (n === 'net' ? 'network' : n === 'mnt' ? 'mount' : n))
    .sort();
}

/** Inputs that do not come from files (so tests can pin them). */
export interface PreflightInputs {
  fs?: HostFs;
  uid?: number;
  kernel?: string;
  arch?: string;
  cpus?: number;
  /** The directory the run makes its bundles in, whose file system `workFs` names. @default os.tmpdir() */
  workDir?: string;
}

/** Reads the host facts the runtime cases need. Never throws: what cannot be read is reported as absent. */
export async function preflight(inputs: PreflightInputs = {}): Promise<RunHostFacts> {
  const fs = inputs.fs ?? hostFs();
  let mounts: RunHostFacts['cgroupMounts'] = [];
  try {
    mounts = await cgroupMounts(fs);
  } catch {
    mounts = [];
  }
  const controllers = new Set<string>();
  for (const m of mounts) for (const c of m.controllers) if (!c.startsWith('name=')) controllers.add(c);
  const status = await readOr(fs, '/proc/self/status', '');
  const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1];
  let namespaces: string[] = [];
  try {
    namespaces = namespaceTypesFromProc(await fs.readdir('/proc/self/ns'));
  } catch {
    namespaces = [];
  }
  const maxUserNs = Number((await readOr(fs, '/proc/sys/user/max_user_namespaces', '0')).trim());
  const lsms = (await readOr(fs, '/sys/kernel/security/lsm', '')).trim().split(',').filter(Boolean);
  const blkio = mounts.find((m) => m.version === 1 && m.controllers.includes('blkio'));
  let blkioWeightFile: string | null | undefined;
  if (blkio) {
    // The root cgroup lists the scheduler's files too (weights exist only in children, stats in both).
    const names = await fs.readdir(blkio.mountPoint).catch(() => [] as string[]);
    blkioWeightFile = names.includes('blkio.weight')
      ? 'blkio.weight'
      : names.some((n) => n.startsWith('blkio.bfq.'))
        ? 'blkio.bfq.weight'
        : null;
  }
  const mountinfo = await readOr(fs, '/proc/self/mountinfo', '');
  const resctrl = resctrlMountPoint(mountinfo);
  const workFs = fsTypeOf(mountinfo, inputs.workDir ?? (await realpath(tmpdir()).catch(() => tmpdir())));
  return {
    kernel: inputs.kernel ?? release(),
    arch: inputs.arch ?? arch(),
    cgroupMode: cgroupMode(mounts),
    cgroupMounts: mounts,
    cgroupControllers: [...controllers].sort(),
    capabilities: capEff ? decodeCapabilities(capEff) : [],
    userNamespaces: namespaces.includes('user') && maxUserNs > 0,
    lsms,
    root: (inputs.uid ?? process.getuid?.() ?? -1) === 0,
    namespaces,
    seccomp: /^Seccomp:/m.test(status),
    cpus: inputs.cpus ?? availableParallelism(),
    ...(blkioWeightFile !== undefined ? { blkioWeightFile } : {}),
    ...(resctrl !== undefined ? { resctrl } : {}),
    ...(workFs !== undefined ? { workFs } : {}),
  };
}

/**
 * The fstype of the mount that holds `path` (an absolute path without symlinks): the last mountinfo line
 * whose mount point is the longest prefix of it (later lines are mounted over earlier ones).
 */
export function fsTypeOf(mountinfo: string, path: string): string | undefined {
  let best: { len: number; type: string } | undefined;
  for (const { mountPoint: mp, fstype } of mountinfoEntries(mountinfo)) {
    const inside = mp === '/' || path === mp || path.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    if (inside && (!best || mp.length >= best.len)) best = { len: mp.length, type: fstype };
  }
  return best?.type;
}

/**
 * File systems whose idmapped mounts the kernel supports, and since which release (the FS_ALLOW_IDMAP
 * flag of each file system in the kernel's history). Others (9p, nfs, ...) refuse mount_setattr with EINVAL.
 */
export const idmapFsSince: Record<string, [number, number]> = {
  ext4: [5, 12],
  xfs: [5, 12],
  vfat: [5, 12],
  msdos: [5, 12],
  btrfs: [5, 15],
  ntfs3: [5, 15],
  f2fs: [5, 18],
  erofs: [5, 19],
  overlay: [5, 19],
  tmpfs: [6, 3],
};

/** `major.minor` of a kernel release string (`6.1.0-57-amd64` -> [6, 1]), or undefined. */
export function kernelRelease(release: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The mount point of the first resctrl file system in a mountinfo text (fstype after the ` - `). */
export function resctrlMountPoint(mountinfo: string): string | undefined {
  for (const line of mountinfo.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (post?.split(' ')[0] === 'resctrl') return pre?.split(' ')[4];
  }
  return undefined;
}

/** Common `needs` predicates for cases: each returns a skip reason or null. */
export const need = {
  root(host: RunHostFacts): string | null {
    return host.root ? null : 'needs root (the runtime under test runs containers as root)';
  },
  controller(host: RunHostFacts, controller: string): string | null {
    return host.cgroupControllers.includes(controller)
      ? null
      : `needs the ${controller} cgroup controller (available: ${host.cgroupControllers.join(', ') || 'none'})`;
  },
  cgroups(host: RunHostFacts): string | null {
    return host.cgroupMode === 'none' || host.cgroupMode === undefined
      ? 'needs a mounted cgroup file system'
      : null;
  },
  namespace(host: RunHostFacts, type: string): string | null {
    return host.namespaces.includes(type)
      ? null
      : `needs the ${type} namespace (kernel offers ${host.namespaces.join(', ')})`;
  },
  capability(host: RunHostFacts, cap: string): string | null {
    return host.capabilities?.includes(cap) ? null : `needs ${cap} in the harness's effective set`;
  },
  userNamespaces(host: RunHostFacts): string | null {
    return host.userNamespaces
      ? null
      : 'needs user namespaces (max_user_namespaces is 0 or the kernel lacks them)';
  },
  /** idmapped bind mounts of directories the run makes (the sources live in the bundle, on `workFs`). */
  idmapMounts(host: RunHostFacts): string | null {
    const since = host.workFs ? idmapFsSince[host.workFs] : undefined;
    const have = kernelRelease(host.kernel ?? '');
    const where = `the run's bundles are on ${host.workFs ?? 'a file system mountinfo does not name'}`;
    if (!since)
      return `needs idmapped mounts of the bundle's directories: ${where}, which has no idmapped mounts (kernel support: ${Object.keys(idmapFsSince).join(', ')}); set TMPDIR to a directory on one of those`;
    if (!have || have[0] < since[0] || (have[0] === since[0] && have[1] < since[1]))
      return `needs idmapped mounts of the bundle's directories: ${where}, which supports them from kernel ${since.join('.')} (this kernel: ${host.kernel ?? 'unknown'}); set TMPDIR to a directory on ext4, xfs or btrfs`;
    return null;
  },
  resctrl(host: RunHostFacts): string | null {
    return host.resctrl ? null : 'no resctrl filesystem mounted at /sys/fs/resctrl';
  },
  lsm(host: RunHostFacts, name: string): string | null {
    return host.lsms?.includes(name)
      ? null
      : `needs the ${name} LSM (active: ${host.lsms?.join(', ') || 'none'})`;
  },
};
