// The reference runtime's on-disk container record (ROOT/ID/state.json) and the OCI State derived
// from it (runtime.md "State"): the status is read from /proc, never stored.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecHook } from './spec.js';

/** The runtime-spec version this runtime implements (State.ociVersion). */
export const OCI_VERSION = '1.3.0';

/** What the runtime keeps about a container between commands. */
export interface ContainerRecord {
  id: string;
  /** Host pid of the container init (the process that becomes process.args). */
  pid: number;
  /** Field 22 of /proc/PID/stat at create: tells a reused pid from ours. */
  pidStartTime: string;
  /** Absolute bundle path. */
  bundle: string;
  /** RFC 3339 creation time. */
  created: string;
  annotations?: Record<string, string>;
  /** False when config.json has no process: `start` must then fail. */
  hasProcess: boolean;
  /** True until create finished (the record is written early so a killed create can be cleaned up). */
  creating?: boolean;
  /** Set once `start` saw the user process exec. */
  started: boolean;
  /** Cgroup directories this container created, deepest last (removed in reverse at delete). */
  cgroupDirs: string[];
  /** The container's leaf cgroup per hierarchy, claimed in ROOT/.cgroups (cgroup-claims.ts). */
  cgroupLeaves?: string[];
  /** Shared parents that delete removes when empty (the default `/oci-ref` per hierarchy). */
  cgroupParents: string[];
  /** Hooks needed after create: poststart (at start) and poststop (at delete). */
  poststart: SpecHook[];
  poststop: SpecHook[];
}

/** Status values of runtime.md "State". */
export type Status = 'creating' | 'created' | 'running' | 'stopped';

/** The State document of runtime.md, as `state` prints it. */
export interface OciState {
  ociVersion: string;
  id: string;
  status: Status;
  pid?: number;
  bundle: string;
  annotations?: Record<string, string>;
}

/** runc's ID rule: `[A-Za-z0-9_+.-]+`, not `.` or `..`. */
export function checkContainerId(id: string | undefined): string {
  if (id === undefined) throw new Error('container id is required');
  if (id === '') throw new Error('container id cannot be empty');
  if (!/^[A-Za-z0-9_+.-]+$/.test(id) || id === '.' || id === '..')
    throw new Error(`invalid container id ${JSON.stringify(id)}: expected letters, digits and _ + . - only`);
  if (id.length > 1024)
    throw new Error(`invalid container id: expected at most 1024 characters, got ${id.length}`);
  return id;
}

export function containerDir(root: string, id: string): string {
  return join(root, id);
}

/** Reads ROOT/ID/state.json; undefined when the directory exists but create has not finished. */
export function readRecord(root: string, id: string): ContainerRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(containerDir(root, id), 'state.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as ContainerRecord;
}

/** Writes the record atomically (temp file + rename). */
export function writeRecord(root: string, rec: ContainerRecord): void {
  const dir = containerDir(root, rec.id);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, 'state.json.tmp');
  writeFileSync(tmp, JSON.stringify(rec));
  renameSync(tmp, join(dir, 'state.json'));
}

/** State letter and start time of a pid, or undefined when there is no such process. */
export function procStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may contain spaces and parentheses: fields start after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', startTime: rest[19] ?? '' };
}

/** The pid as the process's own pid namespace sees it (last NSpid field), or undefined. */
export function nsPid(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('NSpid:'));
    const last = line?.trim().split(/\s+/).pop();
    return last !== undefined && /^\d+$/.test(last) ? Number(last) : undefined;
  } catch {
    return undefined;
  }
}

/** True while the container's init (or its exec'd process) is alive: present, ours, not a zombie. */
export function isAlive(rec: Pick<ContainerRecord, 'pid' | 'pidStartTime'>): boolean {
  const st = procStat(rec.pid);
  // SPEC: a zombie has exited; PID 1 may take seconds to reap it, so 'Z' counts as stopped.
  return st !== undefined && st.state !== 'Z' && st.state !== 'X' && st.startTime === rec.pidStartTime;
}

/** Derives the status of a record from /proc. */
export function statusOf(rec: ContainerRecord): Status {
  if (rec.creating && rec.pid === 0) return 'creating';
  if (!isAlive(rec)) return 'stopped';
  if (rec.creating) return 'creating';
  return rec.started ? 'running' : 'created';
}

/** The State document; `pid` is present only while created or running (runtime.md "State"). */
export function ociState(rec: ContainerRecord, status: Status = statusOf(rec)): OciState {
  const s: OciState = { ociVersion: OCI_VERSION, id: rec.id, status, bundle: rec.bundle };
  if ((status === 'created' || status === 'running' || status === 'creating') && rec.pid > 0) s.pid = rec.pid;
  if (rec.annotations && Object.keys(rec.annotations).length > 0) s.annotations = rec.annotations;
  return s;
}
