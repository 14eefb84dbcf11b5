// Turns a validated config.json into the init's plan: tab-separated lines the C init reads
// (format in README.md), with every path resolved and every option already a number.
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { capabilityMask } from './capabilities.js';
import type { CgroupDir, CgroupLayout } from './cgroups.js';
import {
  MS_BIND,
  MS_NODEV,
  MS_NOEXEC,
  MS_NOSUID,
  MS_PRIVATE,
  MS_RDONLY,
  MS_REC,
  MS_SHARED,
  MS_SLAVE,
  MS_UNBINDABLE,
  parseMountOptions,
  unsupportedMountOptions,
} from './mount-options.js';
import { RLIMITS } from './rlimits.js';
import type { Spec, SpecDevice, SpecMount } from './spec.js';

/** One plan line: a directive and its fields. */
export type PlanLine = [string, ...string[]];

/** Facts about the host the plan depends on. */
export interface PlanContext {
  /** Absolute bundle directory. */
  bundle: string;
  /** The container's state directory (the start socket is bound there). */
  stateDir: string;
  /** The container's cgroup directories, one per hierarchy. */
  cgroups: CgroupDir[];
  layout: CgroupLayout;
  /** /proc/sys/kernel/cap_last_cap. */
  lastCap: number;
  /** Where warnings go (capabilities that cannot be granted, since spec 1.1.0). */
  warn?: (msg: string) => void;
  /** Compiles linux.seccomp to BPF; returns [flags, hex] or throws when it cannot. */
  seccomp?: (spec: NonNullable<NonNullable<Spec['linux']>['seccomp']>) => [number, string];
}

/** Escapes a field: backslash, tab and newline. */
export function escapeField(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/** Serialises plan lines. */
export function serializePlan(lines: readonly PlanLine[]): string {
  return lines.map((l) => l.map(escapeField).join('\t')).join('\n') + '\n';
}

/** The devices config-linux.md "Default Devices" says every container gets. */
export const DEFAULT_DEVICES: readonly SpecDevice[] = [
  { path: '/dev/null', type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/zero', type: 'c', major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/full', type: 'c', major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/random', type: 'c', major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/urandom', type: 'c', major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/tty', type: 'c', major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0 },
];

const PROPAGATION: Record<string, number> = {
  private: MS_PRIVATE | MS_REC,
  shared: MS_SHARED | MS_REC,
  slave: MS_SLAVE | MS_REC,
  unbindable: MS_UNBINDABLE | MS_REC,
};

/** Builds the plan. Throws an Error saying what is wrong for anything it cannot apply. */
export function buildPlan(spec: Spec, ctx: PlanContext): PlanLine[] {
  const lines: PlanLine[] = [];
  const linux = spec.linux ?? {};
  const add = (...l: PlanLine) => lines.push(l);
  add('statedir', ctx.stateDir);
  if (!spec.root) throw new Error('root: expected an object with a path, found none');
  const rootfs = resolve(ctx.bundle, spec.root.path);
  add('rootfs', rootfs);

  const namespaces = linux.namespaces ?? [];
  const newNs = new Set(namespaces.filter((n) => !n.path).map((n) => n.type));
  for (const n of namespaces) add('ns', n.type, n.path ?? '');
  if (newNs.has('mount')) add('newmountns', '1');
  if (newNs.has('user')) {
    add('userns', '1');
    for (const m of linux.uidMappings ?? [])
      add('uidmap', String(m.containerID), String(m.hostID), String(m.size));
    for (const m of linux.gidMappings ?? [])
      add('gidmap', String(m.containerID), String(m.hostID), String(m.size));
  }
  if (linux.timeOffsets && Object.keys(linux.timeOffsets).length > 0) {
    const text = Object.entries(linux.timeOffsets)
      .map(([clock, o]) => `${clock} ${o.secs ?? 0} ${o.nanosecs ?? 0}`)
      .join('\n');
    add('timeoffsets', text + '\n');
  }
  if (linux.rootfsPropagation) {
    const p = PROPAGATION[linux.rootfsPropagation];
    if (p === undefined)
      throw new Error(
        `linux.rootfsPropagation ${JSON.stringify(linux.rootfsPropagation)}: expected shared, slave, private or unbindable`,
      );
    add('rootpropagation', String(p));
  }
  if (spec.root.readonly) add('readonlyroot', '1');
  if (spec.hostname !== undefined) add('hostname', spec.hostname);
  if (spec.domainname !== undefined) add('domainname', spec.domainname);
  for (const d of ctx.cgroups) add('cgroupjoin', join(d.dir, 'cgroup.procs'));

  // Mounts, in config order; a cgroup mount becomes binds of the container's own cgroup dirs.
  for (const [i, m] of (spec.mounts ?? []).entries()) {
    // SPEC: since 1.2.0 a relative Linux destination is resolved against the container's /.
    const dest = posix.normalize(posix.join('/', m.destination));
    const bad = unsupportedMountOptions(m.options ?? []);
    if (bad.length > 0)
      throw new Error(
        `mounts[${i}] (${m.destination}): options ${bad.join(', ')} are not supported by the reference runtime`,
      );
    if (m.uidMappings || m.gidMappings)
      throw new Error(
        `mounts[${i}] (${m.destination}): idmapped mounts are not supported by the reference runtime`,
      );
    if (m.type === 'cgroup' || m.type === 'cgroup2') {
      lines.push(...cgroupMount(m, dest, ctx, newNs.has('cgroup')));
      continue;
    }
    const o = parseMountOptions(m.options ?? [], m.type);
    let source = m.source ?? m.type ?? 'none';
    if (o.flags & MS_BIND) {
      source = resolve(ctx.bundle, source);
      try {
        statSync(source);
      } catch {
        throw new Error(`mounts[${i}] (${m.destination}): bind source ${source} does not exist`);
      }
    }
    add(
      'mount',
      dest,
      m.type ?? '',
      source,
      String(o.flags),
      String(o.propagation),
      o.data,
      String(o.attrSet),
      String(o.attrClr),
    );
  }

  // Devices: the defaults, then linux.devices (which may override a default path).
  const devices = new Map<string, SpecDevice>();
  for (const d of DEFAULT_DEVICES) devices.set(d.path, d);
  for (const [i, d] of (linux.devices ?? []).entries()) {
    if (!isAbsolute(d.path))
      throw new Error(`linux.devices[${i}].path ${JSON.stringify(d.path)}: expected an absolute path`);
    if (!['c', 'b', 'u', 'p'].includes(d.type))
      throw new Error(`linux.devices[${i}].type ${JSON.stringify(d.type)}: expected c, b, u or p`);
    if (d.type !== 'p' && (d.major === undefined || d.minor === undefined))
      throw new Error(`linux.devices[${i}] (${d.path}): major and minor are required for type ${d.type}`);
    devices.set(posix.normalize(d.path), d);
  }
  const listed = new Set((linux.devices ?? []).map((d) => posix.normalize(d.path)));
  for (const d of devices.values()) {
    const mode = d.fileMode ?? 0o666;
    add(
      'device',
      posix.normalize(d.path),
      d.type === 'u' ? 'c' : d.type,
      String(d.major ?? 0),
      String(d.minor ?? 0),
      String(mode),
      String(d.uid ?? 0),
      String(d.gid ?? 0),
      // a listed device must not replace a different file already at its path
      listed.has(posix.normalize(d.path)) ? 'strict' : 'replace',
    );
  }
  add('symlink', '/proc/self/fd', '/dev/fd');
  add('symlink', '/proc/self/fd/0', '/dev/stdin');
  add('symlink', '/proc/self/fd/1', '/dev/stdout');
  add('symlink', '/proc/self/fd/2', '/dev/stderr');
  // SPEC: config-linux.md: /dev/ptmx is always supplied, as a symlink to the container's /dev/pts/ptmx.
  if (!devices.has('/dev/ptmx')) add('symlink', 'pts/ptmx', '/dev/ptmx');

  for (const [k, v] of Object.entries(linux.sysctl ?? {})) {
    if (!/^[A-Za-z0-9_.\-/]+$/.test(k) || k.includes('..'))
      throw new Error(`linux.sysctl key ${JSON.stringify(k)}: expected a sysctl name`);
    add('sysctl', k, v);
  }
  for (const p of linux.maskedPaths ?? []) add('masked', p);
  for (const p of linux.readonlyPaths ?? []) add('readonlypath', p);

  const proc = spec.process;
  if (!proc) {
    add('noprocess', '1');
    return lines;
  }
  const seen = new Set<string>();
  for (const [i, r] of (proc.rlimits ?? []).entries()) {
    const n = RLIMITS[r.type];
    if (n === undefined)
      throw new Error(`process.rlimits[${i}].type ${JSON.stringify(r.type)}: expected an RLIMIT_* name`);
    if (seen.has(r.type)) throw new Error(`process.rlimits[${i}]: duplicate type ${r.type}`);
    seen.add(r.type);
    if (BigInt(r.soft) > BigInt(r.hard))
      throw new Error(`process.rlimits[${i}] (${r.type}): soft ${r.soft} is above hard ${r.hard}`);
    add('rlimit', String(n), BigInt(r.soft).toString(), BigInt(r.hard).toString());
  }
  if (proc.oomScoreAdj !== undefined) add('oomscoreadj', String(proc.oomScoreAdj));
  if (proc.scheduler) add('sched', ...schedulerFields(proc.scheduler));
  if (proc.ioPriority) add('ioprio', String(ioPriorityValue(proc.ioPriority)));
  const caps = proc.capabilities;
  // 1.0.x: an unmappable capability is an error; since 1.1.0 a warning (see capabilityMask).
  const [maj, min] = spec.ociVersion.split('.').map((x) => parseInt(x, 10));
  const before110 = maj === 1 && (min ?? 0) < 1;
  const capWarn = before110 ? undefined : (ctx.warn ?? (() => undefined));
  if (caps) {
    for (const set of ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'] as const) {
      add(
        `cap${set}`,
        '0x' +
          capabilityMask(caps[set] ?? [], ctx.lastCap, `process.capabilities.${set}`, capWarn).toString(16),
      );
    }
  }
  const user = proc.user ?? { uid: 0, gid: 0 };
  add('user', String(user.uid), String(user.gid));
  for (const g of user.additionalGids ?? []) add('group', String(g));
  if (user.umask !== undefined) add('umask', String(user.umask));
  add('cwd', proc.cwd ?? '/');
  if (proc.noNewPrivileges) add('nonewprivs', '1');
  const env = proc.env ?? [];
  for (const e of env) add('env', e);
  // SPEC: config.md is silent on HOME: like runc and crun, a process env without HOME gets the user's
  // home from the rootfs's /etc/passwd, else `/`, appended last.
  if (!env.some((e) => e.startsWith('HOME='))) add('env', `HOME=${homeOf(rootfs, user.uid)}`);
  for (const a of proc.args ?? []) add('arg', a);
  for (const kind of ['createContainer', 'startContainer'] as const) {
    for (const h of spec.hooks?.[kind] ?? []) {
      const args = h.args ?? [h.path];
      // ENVC -1: no env given, the init passes its own environment (see hooks.ts).
      const env = h.env;
      add(
        'hook',
        kind,
        String(h.timeout ?? 0),
        h.path,
        String(args.length),
        ...args,
        String(env ? env.length : -1),
        ...(env ?? []),
      );
    }
  }
  if (linux.seccomp) {
    if (!ctx.seccomp) throw new Error('linux.seccomp: seccomp is not supported by the reference runtime');
    const [flags, hex] = ctx.seccomp(linux.seccomp);
    add('seccomp', String(flags), hex);
  }
  return lines;
}

/**
 * The home directory of `uid` in the rootfs's /etc/passwd, `/` when there is none (read only when neither
 * etc nor passwd is a symlink: a link could lead out of the rootfs).
 */
export function homeOf(rootfs: string, uid: number): string {
  try {
    const etc = join(rootfs, 'etc');
    const passwd = join(etc, 'passwd');
    if (lstatSync(etc).isSymbolicLink() || !lstatSync(passwd).isFile()) return '/';
    for (const line of readFileSync(passwd, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 6 && f[2] !== '' && Number(f[2]) === uid) return f[5] || '/';
    }
  } catch {
    // no passwd: the default
  }
  return '/';
}

/** Expands a cgroup mount into a tmpfs plus read-only binds of this container's cgroup dirs (v1) or one bind (v2). */
function cgroupMount(m: SpecMount, dest: string, ctx: PlanContext, cgroupNs: boolean): PlanLine[] {
  const o = parseMountOptions(m.options ?? []);
  const ro = o.flags & MS_RDONLY;
  const bindFlags = MS_BIND | MS_REC | MS_NOSUID | MS_NODEV | MS_NOEXEC | ro;
  if (ctx.layout.mode === 'v2') {
    if (cgroupNs) return [['mount', dest, 'cgroup2', 'cgroup2', String(o.flags & ~MS_BIND), '0', '']];
    const d = ctx.cgroups.find((c) => c.hierarchy.version === 2);
    return d ? [['mount', dest, '', d.dir, String(bindFlags), '0', '']] : [];
  }
  const out: PlanLine[] = [
    ['mount', dest, 'tmpfs', 'tmpfs', String(MS_NOSUID | MS_NODEV | MS_NOEXEC), '0', 'mode=755'],
  ];
  for (const d of ctx.cgroups) {
    const name = d.hierarchy.version === 2 ? 'unified' : d.hierarchy.mountpoint.split('/').pop()!;
    out.push(['mount', posix.join(dest, name), '', d.dir, String(bindFlags), '0', '']);
    const ctrls = d.hierarchy.controllers.filter((c) => !c.startsWith('name='));
    if (ctrls.length > 1)
      for (const c of ctrls) if (c !== name) out.push(['symlink', name, posix.join(dest, c)]);
  }
  // The tmpfs itself is made read-only after the binds (like runc) when the mount asks for ro.
  if (ro) out.push(['remount', dest, String(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)]);
  return out;
}

/** cap_last_cap of the running kernel (40 when unreadable). */
export function lastCap(): number {
  try {
    return Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8').trim());
  } catch {
    return 40;
  }
}

/** sched_setattr(2) policies and flags by the names config.md uses. */
const SCHED_POLICIES: Record<string, number> = {
  SCHED_OTHER: 0,
  SCHED_FIFO: 1,
  SCHED_RR: 2,
  SCHED_BATCH: 3,
  SCHED_ISO: 4,
  SCHED_IDLE: 5,
  SCHED_DEADLINE: 6,
};
const SCHED_FLAGS: Record<string, number> = {
  SCHED_FLAG_RESET_ON_FORK: 0x01,
  SCHED_FLAG_RECLAIM: 0x02,
  SCHED_FLAG_DL_OVERRUN: 0x04,
  SCHED_FLAG_KEEP_POLICY: 0x08,
  SCHED_FLAG_KEEP_PARAMS: 0x10,
  SCHED_FLAG_UTIL_CLAMP_MIN: 0x20,
  SCHED_FLAG_UTIL_CLAMP_MAX: 0x40,
};

/** The `sched` plan line: policy, flags, nice, priority, runtime, deadline, period (omitted ones 0). */
export function schedulerFields(s: NonNullable<Spec['process']>['scheduler'] & object): string[] {
  const policy = SCHED_POLICIES[s.policy];
  if (policy === undefined)
    throw new Error(`process.scheduler.policy ${JSON.stringify(s.policy)}: expected a SCHED_* policy name`);
  let flags = 0;
  for (const f of s.flags ?? []) {
    const v = SCHED_FLAGS[f];
    if (v === undefined)
      throw new Error(`process.scheduler.flags: expected SCHED_FLAG_* names, found ${JSON.stringify(f)}`);
    flags |= v;
  }
  // SPEC: config.md: nice, priority, runtime, deadline and period default to 0 when omitted.
  return [
    String(policy),
    String(flags),
    ...[s.nice, s.priority, s.runtime, s.deadline, s.period].map((x) => String(x ?? 0)),
  ];
}

const IOPRIO_CLASSES: Record<string, number> = {
  IOPRIO_CLASS_RT: 1,
  IOPRIO_CLASS_BE: 2,
  IOPRIO_CLASS_IDLE: 3,
};

/** ioprio_set(2)'s value: class << 13 | level. */
export function ioPriorityValue(p: { class: string; priority: number }): number {
  const c = IOPRIO_CLASSES[p.class];
  if (c === undefined)
    throw new Error(
      `process.ioPriority.class ${JSON.stringify(p.class)}: expected IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE`,
    );
  return (c << 13) | p.priority;
}
