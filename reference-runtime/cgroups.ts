// Cgroup placement and resource limits for the reference runtime (config-linux.md "Control groups"):
// v1 per-controller hierarchies, v2 unified, and the hybrid layout. Every function takes the layout
// as data, so the writes are tested against a temp directory.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { SpecDeviceCgroup, SpecResources } from './spec.js';

/** One mounted cgroup hierarchy. */
export interface Hierarchy {
  version: 1 | 2;
  /** Where it is mounted, e.g. /sys/fs/cgroup/memory. */
  mountpoint: string;
  /** The mount's root inside the hierarchy (mountinfo field 4), usually `/`. */
  mountRoot: string;
  /** v1 controllers (and `name=...`) of this hierarchy; [] for v2. */
  controllers: string[];
  /** This process's cgroup in the hierarchy (/proc/self/cgroup). */
  own: string;
}

/** The host's cgroup layout. */
export interface CgroupLayout {
  mode: 'v1' | 'v2' | 'hybrid' | 'none';
  hierarchies: Hierarchy[];
}

/** A container's directory in one hierarchy. */
export interface CgroupDir {
  hierarchy: Hierarchy;
  /** Absolute directory on the host. */
  dir: string;
  /** The cgroup path inside the hierarchy (what /proc/PID/cgroup shows). */
  path: string;
}

const V1_CONTROLLERS = new Set([
  'cpu',
  'cpuacct',
  'cpuset',
  'memory',
  'devices',
  'freezer',
  'net_cls',
  'blkio',
  'perf_event',
  'net_prio',
  'hugetlb',
  'pids',
  'rdma',
  'misc',
]);

/** Reads the layout from mountinfo and /proc/self/cgroup text. */
export function parseLayout(mountinfo: string, selfCgroup: string): CgroupLayout {
  const own = new Map<string, string>();
  for (const line of selfCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (m) own.set(m[2]!, m[3]!);
  }
  const hierarchies: Hierarchy[] = [];
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const fstype = right[0];
    const mountRoot = unescapeMount(left[3] ?? '/');
    const mountpoint = unescapeMount(left[4] ?? '');
    if (fstype === 'cgroup2') {
      hierarchies.push({ version: 2, mountpoint, mountRoot, controllers: [], own: own.get('') ?? '/' });
    } else if (fstype === 'cgroup') {
      const controllers = (right[2] ?? '')
        .split(',')
        .filter((o) => V1_CONTROLLERS.has(o) || o.startsWith('name='));
      if (controllers.length === 0) continue;
      const key = [...own.keys()].find((k) => sameSet(k.split(','), controllers));
      hierarchies.push({
        version: 1,
        mountpoint,
        mountRoot,
        controllers,
        own: key !== undefined ? own.get(key)! : '/',
      });
    }
  }
  // Several mounts of one hierarchy (bind mounts): keep the first.
  const seen = new Set<string>();
  const unique = hierarchies.filter((h) => {
    const k = h.version === 2 ? 'v2' : h.controllers.slice().sort().join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const v1 = unique.some((h) => h.version === 1);
  const v2 = unique.some((h) => h.version === 2);
  return { mode: v1 && v2 ? 'hybrid' : v1 ? 'v1' : v2 ? 'v2' : 'none', hierarchies: unique };
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The running host's layout. */
export function hostLayout(): CgroupLayout {
  return parseLayout(readFileSync('/proc/self/mountinfo', 'utf8'), readFileSync('/proc/self/cgroup', 'utf8'));
}

/**
 * Resolves linux.cgroupsPath to one directory per hierarchy.
 * SPEC: when cgroupsPath is absent the runtime chooses; we use `/oci-ref/<id>`. A relative path is
 * taken relative to a runtime-determined location (config-linux.md): the runtime's own cgroup in a v1
 * hierarchy, the parent of its own cgroup in the v2 one (as runc does), because the own cgroup holds the
 * runtime's process: v2's no-internal-process rule forbids controllers below it, and enabling the threaded
 * ones there would make it a thread root whose children refuse processes (EOPNOTSUPP).
 */
export function resolveCgroupDirs(
  layout: CgroupLayout,
  cgroupsPath: string | undefined,
  id: string,
): CgroupDir[] {
  if (cgroupsPath !== undefined && /^[^/]*:[^/]*:/.test(cgroupsPath))
    throw new Error(
      `linux.cgroupsPath ${JSON.stringify(cgroupsPath)}: systemd slice:prefix:name paths are not supported by the reference runtime; expected a filesystem path`,
    );
  const p = cgroupsPath ?? `/oci-ref/${id}`;
  return layout.hierarchies.map((h) => {
    const base = h.version === 2 ? posix.dirname(h.own) : h.own;
    const path = posix.normalize(p.startsWith('/') ? p : posix.join(base, p));
    if (path === '/' || path.split('/').includes('..'))
      throw new Error(`linux.cgroupsPath ${JSON.stringify(p)}: expected a path below the cgroup root`);
    const rel =
      h.mountRoot !== '/' && path.startsWith(h.mountRoot + '/') ? path.slice(h.mountRoot.length) : path;
    return { hierarchy: h, dir: join(h.mountpoint, rel), path };
  });
}

/**
 * Creates the directories; returns those it made (parents first) so delete removes only them.
 * `delegateV2`: enable the v2 controllers down the path (false on hybrid hosts, where the v2
 * hierarchy holds no controller the config can limit).
 *
 * Safe against other runtimes creating siblings under the same new parent at the same moment: a
 * directory that appears between our checks (EEXIST) is used and not recorded as ours, a parent
 * removed under us (ENOENT) is made again, every v1 cpuset level of the path gets empty
 * `cpuset.cpus`/`cpuset.mems` filled from its nearest ancestor (whoever made it may not have
 * filled it yet), and v2 controllers are only enabled where they are not already. On error the
 * directories made so far are removed again.
 */
export function createCgroupDirs(dirs: readonly CgroupDir[], delegateV2 = true): string[] {
  const created: string[] = [];
  try {
    for (const d of dirs) {
      const parts = d.dir.slice(d.hierarchy.mountpoint.length).split('/').filter(Boolean);
      makePath(d.hierarchy.mountpoint, parts, created);
      if (d.hierarchy.version === 1 && d.hierarchy.controllers.includes('cpuset'))
        fillCpusets(d.hierarchy.mountpoint, parts);
      if (d.hierarchy.version === 2 && delegateV2) {
        // Delegate every available controller down the whole path, the leaf excepted (the
        // no-internal-process rule makes this fail on an ancestor holding processes; a limit that
        // needs it fails later, loudly).
        let cur = d.hierarchy.mountpoint;
        enableV2Controllers(cur);
        for (const part of parts.slice(0, -1)) {
          cur = join(cur, part);
          enableV2Controllers(cur);
        }
      }
    }
  } catch (e) {
    for (const dir of [...created].reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // best effort: the create error is the one to report
      }
    }
    throw e;
  }
  return created;
}

/** mkdir of each level below `base`; records the ones this call made in `created`. */
function makePath(base: string, parts: readonly string[], created: string[]): void {
  // A parent another container made can be removed by its delete between our mkdirs (it was
  // empty then): start again from the top, a few times.
  for (let attempt = 0; ; attempt++) {
    let cur = base;
    let retry = false;
    for (const part of parts) {
      cur = join(cur, part);
      try {
        mkdirSync(cur);
        created.push(cur);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue; // existing, or made by a concurrent create: not ours
        if (code === 'ENOENT' && attempt < 5) {
          retry = true;
          break;
        }
        throw new Error(`cgroup: cannot create ${cur}: ${(e as Error).message}`);
      }
    }
    if (!retry) return;
  }
}

function readTrimmed(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * A v1 cpuset accepts no task until its `cpuset.cpus` and `cpuset.mems` are set, and a new one
 * starts empty. Walks the path from the hierarchy root and fills every empty level (existing ones
 * too) with the nearest ancestor's value; a level that has a value is never written.
 */
function fillCpusets(mountpoint: string, parts: readonly string[]): void {
  for (const f of ['cpuset.cpus', 'cpuset.mems']) {
    let inherited = readTrimmed(join(mountpoint, f));
    let cur = mountpoint;
    for (const part of parts) {
      cur = join(cur, part);
      const file = join(cur, f);
      const own = readTrimmed(file);
      if (own !== '') {
        inherited = own;
        continue;
      }
      if (inherited === '') continue; // nothing to copy (not a real cpuset hierarchy)
      try {
        writeFileSync(file, inherited);
      } catch (e) {
        // A concurrent create filled it first (with the same ancestor's value): fine.
        if (readTrimmed(file) === '')
          throw new Error(
            `cgroup: cannot write ${JSON.stringify(inherited)} to ${file}: ${(e as Error).message}`,
          );
      }
    }
  }
}

/** Enables in `dir`'s subtree_control each available controller that is not enabled yet. */
function enableV2Controllers(dir: string): void {
  let available: string[];
  try {
    available = readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return;
  }
  const enabled = new Set(readTrimmed(join(dir, 'cgroup.subtree_control')).split(/\s+/).filter(Boolean));
  for (const c of available) {
    if (enabled.has(c)) continue; // done already (by us earlier, or by a concurrent create)
    try {
      writeFileSync(join(dir, 'cgroup.subtree_control'), `+${c}`);
    } catch {
      // A controller that cannot be delegated here fails later, when a limit needs it.
    }
  }
}

/** A file write the resources turn into. */
export interface CgroupWrite {
  file: string;
  value: string;
  /** Written after the container init has joined (a limit that would stop the runtime forking it). */
  afterInit?: boolean;
  /**
   * The file to write instead when `file` does not exist at write time (the writes are planned before the
   * container's cgroup exists: which of two files the kernel offers is only known then).
   */
  orElse?: string;
  /** Skipped when `file` does not exist at write time (a file only some kernels have). */
  optional?: boolean;
}

/** Whether a resources object asks for something; used to reject what we cannot apply. */
function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

/** The default devices every container gets (config-linux.md "Default Devices"), as cgroup rules. */
export const DEFAULT_DEVICE_RULES: readonly SpecDeviceCgroup[] = [
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 7, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' },
  { allow: true, type: 'c', major: 136, access: 'rwm' },
];

/** The writes for one container; throws for resources the reference runtime cannot apply. */
export function resourceWrites(
  layout: CgroupLayout,
  dirs: readonly CgroupDir[],
  r: SpecResources | undefined,
  extraDeviceRules: readonly SpecDeviceCgroup[] = [],
  deviceMode: 'v1' | 'bpf' = layout.mode === 'v2' ? 'bpf' : 'v1',
): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  for (const k of ['rdma'] as const) {
    if (r && present(r[k])) throw new Error(`linux.resources.${k} is not supported by the reference runtime`);
  }
  const v1 = (controller: string): string | undefined =>
    dirs.find((d) => d.hierarchy.version === 1 && d.hierarchy.controllers.includes(controller))?.dir;
  const v2dir = layout.mode === 'v2' ? dirs.find((d) => d.hierarchy.version === 2)?.dir : undefined;
  const need = (dir: string | undefined, what: string): string => {
    if (dir === undefined)
      throw new Error(`linux.resources.${what}: no cgroup hierarchy for it is mounted on this host`);
    return dir;
  };
  const mem = r?.memory;
  if (mem) {
    if (layout.mode === 'v2') {
      const d = need(v2dir, 'memory');
      if (mem.limit !== undefined)
        writes.push({ file: join(d, 'memory.max'), value: mem.limit < 0 ? 'max' : String(mem.limit) });
      if (mem.reservation !== undefined)
        writes.push({
          file: join(d, 'memory.low'),
          value: mem.reservation < 0 ? 'max' : String(mem.reservation),
        });
      if (mem.swap !== undefined) {
        // v1 semantics: swap is memory+swap; v2 swap.max is the swap part only.
        const v = mem.swap < 0 ? 'max' : String(Math.max(0, mem.swap - (mem.limit ?? 0)));
        writes.push({ file: join(d, 'memory.swap.max'), value: v });
      }
      if (mem.disableOOMKiller)
        throw new Error('linux.resources.memory.disableOOMKiller: not available with cgroup v2');
      // config-linux.md "unified": a v1 setting with no v2 equivalent is an error, not dropped.
      if (mem.swappiness !== undefined)
        throw new Error(
          'linux.resources.memory.swappiness: cgroup v2 has no swappiness; not available with cgroup v2',
        );
    } else {
      const d = need(v1('memory'), 'memory');
      if (mem.limit !== undefined)
        writes.push({ file: join(d, 'memory.limit_in_bytes'), value: String(mem.limit) });
      if (mem.reservation !== undefined)
        writes.push({ file: join(d, 'memory.soft_limit_in_bytes'), value: String(mem.reservation) });
      if (mem.swap !== undefined)
        writes.push({ file: join(d, 'memory.memsw.limit_in_bytes'), value: String(mem.swap) });
      if (mem.swappiness !== undefined)
        writes.push({ file: join(d, 'memory.swappiness'), value: String(mem.swappiness) });
      if (mem.disableOOMKiller) writes.push({ file: join(d, 'memory.oom_control'), value: '1' });
    }
  }
  if (r?.pids) {
    // SPEC: config-linux.md (1.3.0): 0 is a valid limit and SHOULD be applied as 0 (runc and crun
    // read it as unlimited); a negative limit is unlimited. A 0 is written once the init exists
    // (see CgroupWrite.afterInit): nothing could fork into the cgroup after it.
    const v = r.pids.limit >= 0 ? String(r.pids.limit) : 'max';
    writes.push({
      file: join(layout.mode === 'v2' ? need(v2dir, 'pids') : need(v1('pids'), 'pids'), 'pids.max'),
      value: v,
      ...(r.pids.limit === 0 ? { afterInit: true } : {}),
    });
  }
  const cpu = r?.cpu;
  if (cpu) {
    if (layout.mode === 'v2') {
      if (cpu.realtimeRuntime !== undefined || cpu.realtimePeriod !== undefined)
        throw new Error(
          'linux.resources.cpu.realtimeRuntime/realtimePeriod: cgroup v2 has no real-time bandwidth files; not available with cgroup v2',
        );
      const d = need(v2dir, 'cpu');
      if (cpu.shares !== undefined && cpu.shares > 0)
        writes.push({
          file: join(d, 'cpu.weight'),
          value: String(1 + Math.floor(((cpu.shares - 2) * 9999) / 262142)),
        });
      if (cpu.quota !== undefined || cpu.period !== undefined)
        writes.push({
          file: join(d, 'cpu.max'),
          value: `${cpu.quota === undefined || cpu.quota < 0 ? 'max' : cpu.quota} ${cpu.period ?? 100000}`,
        });
      if (cpu.idle !== undefined) writes.push({ file: join(d, 'cpu.idle'), value: String(cpu.idle) });
      if (cpu.burst !== undefined) writes.push({ file: join(d, 'cpu.max.burst'), value: String(cpu.burst) });
      if (cpu.cpus) writes.push({ file: join(d, 'cpuset.cpus'), value: cpu.cpus });
      if (cpu.mems) writes.push({ file: join(d, 'cpuset.mems'), value: cpu.mems });
    } else {
      if (
        cpu.shares !== undefined ||
        cpu.quota !== undefined ||
        cpu.period !== undefined ||
        cpu.realtimeRuntime !== undefined ||
        cpu.realtimePeriod !== undefined ||
        cpu.idle !== undefined ||
        cpu.burst !== undefined
      ) {
        const d = need(v1('cpu'), 'cpu');
        if (cpu.shares !== undefined) writes.push({ file: join(d, 'cpu.shares'), value: String(cpu.shares) });
        if (cpu.period !== undefined)
          writes.push({ file: join(d, 'cpu.cfs_period_us'), value: String(cpu.period) });
        if (cpu.quota !== undefined)
          writes.push({ file: join(d, 'cpu.cfs_quota_us'), value: String(cpu.quota) });
        if (cpu.realtimePeriod !== undefined)
          writes.push({ file: join(d, 'cpu.rt_period_us'), value: String(cpu.realtimePeriod) });
        if (cpu.realtimeRuntime !== undefined)
          writes.push({ file: join(d, 'cpu.rt_runtime_us'), value: String(cpu.realtimeRuntime) });
        if (cpu.idle !== undefined) writes.push({ file: join(d, 'cpu.idle'), value: String(cpu.idle) });
        if (cpu.burst !== undefined)
          writes.push({ file: join(d, 'cpu.cfs_burst_us'), value: String(cpu.burst) });
      }
      if (cpu.cpus)
        writes.push({ file: join(need(v1('cpuset'), 'cpu.cpus'), 'cpuset.cpus'), value: cpu.cpus });
      if (cpu.mems)
        writes.push({ file: join(need(v1('cpuset'), 'cpu.mems'), 'cpuset.mems'), value: cpu.mems });
    }
  }
  if (r?.blockIO)
    writes.push(
      ...blockIOWrites(r.blockIO, layout.mode === 'v2' ? v2dir : v1('blkio'), layout.mode === 'v2'),
    );
  const net = r?.network;
  if (net && (net.classID !== undefined || (net.priorities?.length ?? 0) > 0)) {
    // v1 net_cls and net_prio; cgroup v2 has neither (config-linux.md "unified": an error, not dropped).
    if (layout.mode === 'v2')
      throw new Error(
        'linux.resources.network: cgroup v2 has no net_cls or net_prio; not available with cgroup v2',
      );
    if (net.classID !== undefined)
      writes.push({
        file: join(need(v1('net_cls'), 'network.classID'), 'net_cls.classid'),
        value: String(net.classID),
      });
    for (const p of net.priorities ?? [])
      writes.push({
        file: join(need(v1('net_prio'), 'network.priorities'), 'net_prio.ifpriomap'),
        value: `${p.name} ${p.priority}`,
      });
  }
  if (r?.hugepageLimits && r.hugepageLimits.length > 0) {
    // v2 hugetlb.<size>.max, v1 hugetlb.<size>.limit_in_bytes; the reservation limit (.rsvd.) too where the
    // kernel has it (5.7+): config-linux.md prefers it so that a fault never hits an unreserved page.
    const d = layout.mode === 'v2' ? need(v2dir, 'hugepageLimits') : need(v1('hugetlb'), 'hugepageLimits');
    const [limit, rsvd] =
      layout.mode === 'v2' ? ['max', 'rsvd.max'] : ['limit_in_bytes', 'rsvd.limit_in_bytes'];
    for (const h of r.hugepageLimits) {
      if (!/^[0-9]+[KMG]B$/.test(h.pageSize))
        throw new Error(
          `linux.resources.hugepageLimits pageSize ${JSON.stringify(h.pageSize)}: expected <size><unit> such as 2MB or 1GB`,
        );
      writes.push({ file: join(d, `hugetlb.${h.pageSize}.${limit}`), value: String(h.limit) });
      writes.push({ file: join(d, `hugetlb.${h.pageSize}.${rsvd}`), value: String(h.limit), optional: true });
    }
  }
  if (r?.unified && Object.keys(r.unified).length > 0) {
    if (layout.mode !== 'v2')
      throw new Error(
        'linux.resources.unified: requires the unified (v2) cgroup hierarchy; this host is ' + layout.mode,
      );
    for (const [k, v] of Object.entries(r.unified)) {
      if (k.includes('/'))
        throw new Error(`linux.resources.unified key ${JSON.stringify(k)}: expected a file name`);
      writes.push({ file: join(need(v2dir, 'unified'), k), value: v });
    }
  }
  // The default devices are always allowed after the config's rules. With cgroup v2 (deviceMode
  // 'bpf') the rules become an eBPF program instead (deviceRules + device-filter.ts).
  const devDir = deviceMode === 'bpf' ? undefined : v1('devices');
  if (devDir && r?.devices && r.devices.length > 0) {
    for (const rule of [...r.devices, ...DEFAULT_DEVICE_RULES, ...extraDeviceRules]) {
      const t = rule.type ?? 'a';
      const spec = t === 'a' ? 'a' : `${t} ${rule.major ?? '*'}:${rule.minor ?? '*'} ${rule.access ?? 'rwm'}`;
      writes.push({ file: join(devDir, rule.allow ? 'devices.allow' : 'devices.deny'), value: spec });
    }
  }
  return writes;
}

/**
 * linux.resources.blockIO: the weight (blkio.weight, or blkio.bfq.weight where BFQ is the only weight; v2
 * io.bfq.weight, which has the same 10..1000 scale, else io.weight) and the four throttles (v1 lists, v2
 * io.max). Per-device and leaf weights are refused: the kernel's CFQ files they need are gone.
 */
function blockIOWrites(
  b: NonNullable<SpecResources['blockIO']>,
  dir: string | undefined,
  v2: boolean,
): CgroupWrite[] {
  if (dir === undefined) throw new Error('linux.resources.blockIO: no blkio or io cgroup on this host');
  if (b.leafWeight !== undefined || (b.weightDevice?.length ?? 0) > 0)
    throw new Error(
      'linux.resources.blockIO: leafWeight and weightDevice are not supported by the reference runtime',
    );
  const out: CgroupWrite[] = [];
  if (b.weight !== undefined) {
    // Which weight file the kernel offers is known once the cgroup exists (CgroupWrite.orElse).
    const [first, second] = v2 ? ['io.bfq.weight', 'io.weight'] : ['blkio.weight', 'blkio.bfq.weight'];
    out.push({ file: join(dir, first), value: String(b.weight), orElse: join(dir, second) });
  }
  const rates: [keyof typeof b, string, string][] = [
    ['throttleReadBpsDevice', 'blkio.throttle.read_bps_device', 'rbps'],
    ['throttleWriteBpsDevice', 'blkio.throttle.write_bps_device', 'wbps'],
    ['throttleReadIOPSDevice', 'blkio.throttle.read_iops_device', 'riops'],
    ['throttleWriteIOPSDevice', 'blkio.throttle.write_iops_device', 'wiops'],
  ];
  for (const [key, v1file, token] of rates)
    for (const t of (b[key] as { major: number; minor: number; rate: number }[] | undefined) ?? [])
      out.push(
        v2
          ? { file: join(dir, 'io.max'), value: `${t.major}:${t.minor} ${token}=${t.rate}` }
          : { file: join(dir, v1file), value: `${t.major}:${t.minor} ${t.rate}` },
      );
  return out;
}

/** The rules the device controller enforces: the config's, then the defaults and linux.devices. */
export function deviceRules(
  r: SpecResources | undefined,
  extraDeviceRules: readonly SpecDeviceCgroup[] = [],
): SpecDeviceCgroup[] {
  if (!r?.devices || r.devices.length === 0) return [];
  return [...r.devices, ...DEFAULT_DEVICE_RULES, ...extraDeviceRules];
}

/** Performs the writes; errors name the file and value. */
export function applyWrites(writes: readonly CgroupWrite[]): void {
  for (const w0 of writes) {
    const missing = (w0.orElse !== undefined || w0.optional) && !existsSync(w0.file);
    if (missing && w0.optional) continue;
    const w = missing && w0.orElse !== undefined ? { ...w0, file: w0.orElse } : w0;
    try {
      writeFileSync(w.file, w.value);
    } catch (e) {
      throw new Error(
        `cgroup: cannot write ${JSON.stringify(w.value)} to ${w.file}: ${(e as Error).message}`,
      );
    }
  }
}

function hasSubdirs(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory());
  } catch {
    return false;
  }
}

/** Removes empty shared parents (such as `/oci-ref` in each hierarchy); busy ones stay. */
export function removeEmptyParents(dirs: readonly string[]): void {
  for (const d of dirs) {
    try {
      rmdirSync(d);
    } catch {
      // in use by another container, or already gone
    }
  }
}

/** Removes the directories the container created, deepest first; retries while tasks exit. */
export async function removeCgroupDirs(created: readonly string[], deadlineMs = 5000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (const dir of [...created].reverse()) {
    for (;;) {
      try {
        rmdirSync(dir);
        break;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        // A parent another container still uses: leave it to the last one out.
        if ((code === 'EBUSY' || code === 'ENOTEMPTY') && hasSubdirs(dir)) break;
        if (code === 'EBUSY' && Date.now() < end) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        throw new Error(`cannot remove cgroup ${dir}: ${(e as Error).message}`);
      }
    }
  }
}
