// Types of the JSON the in-container probe prints (harness/probe/README.md), and parsers that
// validate it and fail with a clear error on anything else (a crashed probe, a shell message, garbage).

/** Result fields of one attempted operation: `errno` 0 and `error` null when it worked. */
export interface Attempt {
  ok: boolean;
  errno: number;
  /** Symbolic errno name (`EPERM`, `EACCES`...), null when ok. */
  error: string | null;
}

/** One capability set from /proc/self/status, as hex and decoded names (`CAP_CHOWN`...). */
export interface CapabilitySet {
  hex: string;
  names: string[];
}

export interface Capabilities {
  inheritable: CapabilitySet | null;
  permitted: CapabilitySet | null;
  effective: CapabilitySet | null;
  bounding: CapabilitySet | null;
  ambient: CapabilitySet | null;
}

/** getrlimit result; values are unsigned 64-bit decimal strings (RLIM_INFINITY is 18446744073709551615). */
export interface RlimitValue {
  soft: string;
  hard: string;
}

/** One /proc/self/mountinfo line, octal escapes decoded. */
export interface MountEntry {
  id: number;
  parent: number;
  /** `major:minor` of the filesystem. */
  device: string;
  /** Root of the mount inside its filesystem (e.g. `/null` for a bind of /dev/null). */
  root: string;
  mountPoint: string;
  /** Per-mount options (`rw`, `nosuid`, `relatime`...). */
  options: string[];
  /** Optional fields: `shared:N`, `master:N`, `propagate_from:N`, `unbindable`; empty means private. */
  propagation: string[];
  fstype: string;
  source: string;
  /** Per-superblock options (`rw`, `size=1024k`, `mode=1777`...). */
  superOptions: string[];
}

export interface NamespaceRef {
  /** `uts:[4026531838]` */
  link: string;
  inode: number;
  dev: number;
}

export const namespaceKinds = [
  'cgroup',
  'ipc',
  'mnt',
  'net',
  'pid',
  'pid_for_children',
  'time',
  'time_for_children',
  'user',
  'uts',
] as const;
export type NamespaceKind = (typeof namespaceKinds)[number];

/** One /proc/self/cgroup line. Hierarchy 0 with no controllers is the cgroup v2 entry. */
export interface CgroupMembership {
  hierarchy: number;
  controllers: string[];
  path: string;
}

export interface SysctlValue extends Attempt {
  /** Content of /proc/sys/<name>, trailing newline removed; null when unreadable. */
  value: string | null;
}

export type FileType = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket' | 'unknown';

/** A device node, fifo or symlink found under /dev. */
export interface DeviceNode {
  path: string;
  type: 'char' | 'block' | 'fifo' | 'symlink';
  major?: number;
  minor?: number;
  /** Permission bits (mode & 07777). */
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target. */
  target?: string;
}

/** Read attempt: a directory is listed (`entries`), anything else is opened and read (`bytes`, `head`). */
export interface ReadAttempt extends Attempt {
  entries?: number;
  bytes?: number;
  /** First 256 bytes read. */
  head?: string;
}

/** What the probe found at one `--path`. */
export type PathProbe =
  | { path: string; exists: false; errno: number; error: string }
  | {
      path: string;
      exists: true;
      type: FileType;
      mode: number;
      uid: number;
      gid: number;
      size: number;
      major?: number;
      minor?: number;
      target?: string;
      read: ReadAttempt;
      /** Directory: create+remove a file in it. Anything else: open for writing (no data written). */
      write: Attempt;
    };

/** The observation printed by `probe report`. The probe judges nothing. */
export interface Observation {
  probeVersion: 1;
  pid: number;
  ppid: number;
  args: string[];
  env: string[];
  cwd: string | null;
  hostname: string | null;
  domainname: string | null;
  user: {
    uid: number;
    euid: number;
    suid: number;
    gid: number;
    egid: number;
    sgid: number;
    additionalGids: number[] | null;
  };
  capabilities: Capabilities | null;
  noNewPrivs: boolean | null;
  /** Seccomp field of /proc/self/status: 0 disabled, 1 strict, 2 filter. */
  seccomp: number | null;
  seccompFilters: number | null;
  umask: number;
  /** Keyed by `RLIMIT_*` name. */
  rlimits: Record<string, RlimitValue | null>;
  oomScoreAdj: number | null;
  personality: number;
  scheduler: { policy: number; nice: number | null };
  /** sched_getattr(2); the 64-bit fields as decimal strings. Absent from probes before it was added. */
  schedAttr?: {
    policy: number;
    flags: string;
    nice: number;
    priority: number;
    runtime: string;
    deadline: string;
    period: string;
  } | null;
  /** ioprio_get(IOPRIO_WHO_PROCESS, 0) split into class (IOPRIO_CLASS_*) and level. */
  ioPriority?: { class: number; level: number } | null;
  /** CPUs of sched_getaffinity(2). */
  cpuAffinity?: number[] | null;
  /** uname(2) machine (e.g. x86_64; i686 under the LINUX32 personality). */
  machine?: string | null;
  uidMap: string | null;
  gidMap: string | null;
  lsmLabel: string | null;
  namespaces: Record<NamespaceKind, NamespaceRef | null>;
  cgroups: CgroupMembership[] | null;
  mounts: MountEntry[] | null;
  sysctls: Record<string, SysctlValue>;
  devices: DeviceNode[];
  paths: PathProbe[];
  fds: { fd: number; target: string | null }[] | null;
  /** Fields the probe could not read, with the errno. */
  errors: { field: string; errno: number; error: string }[];
}

/** Output of `probe try OP ARGS...`. */
export interface TryResult extends Attempt {
  op: string;
  args: string[];
  /** Syscall return value, or the exit code of an `exec`'d program, when the op succeeded. */
  result?: number;
}

/** Lines printed by `probe wait`. */
export type WaitEvent = { event: 'ready'; pid: number } | { event: 'signal'; signo: number; name: string };

/** One line appended by `probe hook --log FILE`. */
export interface HookRecord {
  event: 'hook';
  name: string | null;
  /** CLOCK_MONOTONIC in ns when the hook started, as a decimal string. */
  monotonicNs: string;
  pid: number;
  ppid: number;
  args: string[];
  env: string[];
  cwd: string | null;
  hostname: string | null;
  /** The state JSON the runtime wrote on stdin, verbatim. */
  stdin: string;
  stdinErrno?: number;
  namespaces: Record<NamespaceKind, NamespaceRef | null>;
  /** What the state's pid was running when the hook looked (through the hook's own /proc). */
  statePidProcess: { pid: number; exe: string | null; cmdline: string[] } | null;
}

/** The probe printed something that is not what its contract says. */
export class ProbeOutputError extends Error {
  constructor(
    message: string,
    /** The offending text (truncated) for evidence. */
    readonly text: string,
  ) {
    super(message);
    this.name = 'ProbeOutputError';
  }
}

// --- validation -----------------------------------------------------------------------------------

type Check = (v: unknown, at: string) => void;

class Invalid extends Error {}

function fail(at: string, expected: string, v: unknown): never {
  const found = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
  throw new Invalid(`expected ${expected} at ${at || '/'}, found ${found}`);
}

const str: Check = (v, at) => {
  if (typeof v !== 'string') fail(at, 'a string', v);
};
const int: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(at, 'an integer', v);
};
const bool: Check = (v, at) => {
  if (typeof v !== 'boolean') fail(at, 'a boolean', v);
};
const u64: Check = (v, at) => {
  if (typeof v !== 'string' || !/^\d{1,20}$/.test(v)) fail(at, 'a decimal string', v);
};
const nullable =
  (c: Check): Check =>
  (v, at) => {
    if (v !== null) c(v, at);
  };
const optional =
  (c: Check): Check =>
  (v, at) => {
    if (v !== undefined) c(v, at);
  };
const arrayOf =
  (c: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array', v);
    v.forEach((x, i) => c(x, `${at}/${i}`));
  };
const recordOf =
  (c: Check): Check =>
  (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'an object', v);
    for (const [k, x] of Object.entries(v)) c(x, `${at}/${k}`);
  };
const obj =
  (shape: Record<string, Check>): Check =>
  (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'an object', v);
    const o = v as Record<string, unknown>;
    for (const [k, c] of Object.entries(shape)) c(o[k], `${at}/${k}`);
  };
const literal =
  (...values: unknown[]): Check =>
  (v, at) => {
    if (!values.includes(v)) fail(at, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);
  };

const attemptShape = { ok: bool, errno: int, error: nullable(str) };
const capSet = nullable(obj({ hex: str, names: arrayOf(str) }));
const nsRef = nullable(obj({ link: str, inode: int, dev: int }));
const namespaces = obj(Object.fromEntries(namespaceKinds.map((k) => [k, nsRef])));

const pathProbe: Check = (v, at) => {
  obj({ path: str, exists: bool })(v, at);
  const p = v as { exists: boolean };
  if (!p.exists) {
    obj({ errno: int, error: str })(v, at);
    return;
  }
  obj({
    type: literal('file', 'dir', 'symlink', 'char', 'block', 'fifo', 'socket', 'unknown'),
    mode: int,
    uid: int,
    gid: int,
    size: int,
    major: optional(int),
    minor: optional(int),
    target: optional(str),
    read: obj({ ...attemptShape, entries: optional(int), bytes: optional(int), head: optional(str) }),
    write: obj(attemptShape),
  })(v, at);
};

const observationCheck = obj({
  probeVersion: literal(1),
  pid: int,
  ppid: int,
  args: arrayOf(str),
  env: arrayOf(str),
  cwd: nullable(str),
  hostname: nullable(str),
  domainname: nullable(str),
  user: obj({
    uid: int,
    euid: int,
    suid: int,
    gid: int,
    egid: int,
    sgid: int,
    additionalGids: nullable(arrayOf(int)),
  }),
  capabilities: nullable(
    obj({ inheritable: capSet, permitted: capSet, effective: capSet, bounding: capSet, ambient: capSet }),
  ),
  noNewPrivs: nullable(bool),
  seccomp: nullable(int),
  seccompFilters: nullable(int),
  umask: int,
  rlimits: recordOf(nullable(obj({ soft: u64, hard: u64 }))),
  oomScoreAdj: nullable(int),
  personality: int,
  scheduler: obj({ policy: int, nice: nullable(int) }),
  schedAttr: optional(
    nullable(
      obj({ policy: int, flags: u64, nice: int, priority: int, runtime: u64, deadline: u64, period: u64 }),
    ),
  ),
  ioPriority: optional(nullable(obj({ class: int, level: int }))),
  cpuAffinity: optional(nullable(arrayOf(int))),
  machine: optional(nullable(str)),
  uidMap: nullable(str),
  gidMap: nullable(str),
  lsmLabel: nullable(str),
  namespaces,
  cgroups: nullable(arrayOf(obj({ hierarchy: int, controllers: arrayOf(str), path: str }))),
  mounts: nullable(
    arrayOf(
      obj({
        id: int,
        parent: int,
        device: str,
        root: str,
        mountPoint: str,
        options: arrayOf(str),
        propagation: arrayOf(str),
        fstype: str,
        source: str,
        superOptions: arrayOf(str),
      }),
    ),
  ),
  sysctls: recordOf(obj({ value: nullable(str), ...attemptShape })),
  devices: arrayOf(
    obj({
      path: str,
      type: literal('char', 'block', 'fifo', 'symlink'),
      major: optional(int),
      minor: optional(int),
      mode: int,
      uid: int,
      gid: int,
      target: optional(str),
    }),
  ),
  paths: arrayOf(pathProbe),
  fds: nullable(arrayOf(obj({ fd: int, target: nullable(str) }))),
  errors: arrayOf(obj({ field: str, errno: int, error: str })),
});

const tryCheck = obj({ op: str, args: arrayOf(str), ...attemptShape, result: optional(int) });

const waitCheck: Check = (v, at) => {
  obj({ event: literal('ready', 'signal') })(v, at);
  if ((v as { event: string }).event === 'ready') obj({ pid: int })(v, at);
  else obj({ signo: int, name: str })(v, at);
};

const hookCheck = obj({
  event: literal('hook'),
  name: nullable(str),
  monotonicNs: u64,
  pid: int,
  ppid: int,
  args: arrayOf(str),
  env: arrayOf(str),
  cwd: nullable(str),
  hostname: nullable(str),
  stdin: str,
  stdinErrno: optional(int),
  namespaces,
  statePidProcess: nullable(obj({ pid: int, exe: nullable(str), cmdline: arrayOf(str) })),
});

function excerpt(text: string): string {
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

function parseOne<T>(text: string, check: Check, what: string): T {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const shown = excerpt(text.trim());
    throw new ProbeOutputError(
      `expected ${what} as JSON, found ${shown === '' ? 'empty output' : `unparsable text: ${JSON.stringify(shown)}`} (${(e as Error).message})`,
      excerpt(text),
    );
  }
  try {
    check(v, '');
  } catch (e) {
    if (e instanceof Invalid) throw new ProbeOutputError(`invalid ${what}: ${e.message}`, excerpt(text));
    throw e;
  }
  return v as T;
}

/** Parses the stdout of `probe report`. Throws ProbeOutputError on anything but one valid observation. */
export function parseObservation(text: string): Observation {
  return parseOne<Observation>(text, observationCheck, 'a probe observation');
}

/** Parses the stdout of `probe try ...`. */
export function parseTryResult(text: string): TryResult {
  return parseOne<TryResult>(text, tryCheck, 'a probe try result');
}

/** Parses the stdout of `probe tries OP ARGS... [-- OP ARGS...]...` (one array, in the order given). */
export function parseTryResults(text: string): TryResult[] {
  return parseOne<TryResult[]>(text, arrayOf(tryCheck), 'a list of probe try results');
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * Parses the stdout of `probe wait` (one JSON object per line). A last line without its newline
 * is ignored when `partial` is set (the probe may still be writing it).
 */
export function parseWaitEvents(text: string, partial = false): WaitEvent[] {
  let body = text;
  if (partial && !text.endsWith('\n')) body = text.slice(0, text.lastIndexOf('\n') + 1);
  return lines(body).map((l, i) => parseOne<WaitEvent>(l, waitCheck, `probe wait event (line ${i + 1})`));
}

/** Parses a hook log written by `probe hook --log FILE` (one record per line, in append order). */
export function parseHookLog(text: string): HookRecord[] {
  return lines(text).map((l, i) => parseOne<HookRecord>(l, hookCheck, `probe hook record (line ${i + 1})`));
}

/** RLIM_INFINITY as the probe prints it. */
export const RLIM_INFINITY = 18446744073709551615n;
