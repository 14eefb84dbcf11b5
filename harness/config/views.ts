// Real-filesystem BundleView and HostView, with the fs behind a small seam so rules are tested against
// temp-dir fixtures (or an in-memory fake).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BundleView, HostView, InRootStat } from './rule.js';
import { LINUX_CAPABILITIES } from '../../schemas/runtime/vocabulary.js';
import { decodeCapabilities } from '../runtime/preflight.js';

/** The few fs calls the views make; all of them answer undefined instead of throwing. */
export interface FsSeam {
  /** lstat: does not follow a final symlink. */
  lstat(p: string): InRootStat | undefined;
  readlink(p: string): string | undefined;
  readFile(p: string): string | undefined;
  realpath(p: string): string | undefined;
}

export const realFs: FsSeam = {
  lstat(p) {
    try {
      const s = fs.lstatSync(p);
      const kind: InRootStat['kind'] = s.isSymbolicLink()
        ? 'symlink'
        : s.isDirectory()
          ? 'dir'
          : s.isFile()
            ? 'file'
            : s.isCharacterDevice()
              ? 'char'
              : s.isBlockDevice()
                ? 'block'
                : s.isFIFO()
                  ? 'fifo'
                  : 'other';
      const out: InRootStat = { kind, mode: s.mode, uid: s.uid, gid: s.gid };
      if (kind === 'char' || kind === 'block') {
        // Linux dev_t encoding (glibc gnu_dev_major/gnu_dev_minor)
        const rdev = BigInt(s.rdev);
        out.major = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
        out.minor = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
      }
      return out;
    } catch {
      return undefined;
    }
  },
  readlink(p) {
    try {
      return fs.readlinkSync(p);
    } catch {
      return undefined;
    }
  },
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  realpath(p) {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  },
};

const MAX_SYMLINKS = 40;

/**
 * Resolve `p` inside `root` the way a chroot would: absolute symlink targets and `..` at the top stay
 * inside `root`. Returns the host path of the final entry (its last component not followed when
 * `followLast` is false) or undefined when a component is missing or the link budget runs out.
 */
export function resolveInRoot(fsx: FsSeam, root: string, p: string, followLast = true): string | undefined {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  const done: string[] = [];
  let links = 0;
  while (parts.length > 0) {
    const name = parts.shift()!;
    if (name === '..') {
      done.pop();
      continue;
    }
    const hostPath = path.join(root, ...done, name);
    const st = fsx.lstat(hostPath);
    if (!st) return undefined;
    if (st.kind === 'symlink' && (parts.length > 0 || followLast)) {
      if (++links > MAX_SYMLINKS) return undefined;
      const target = fsx.readlink(hostPath);
      if (target === undefined) return undefined;
      if (target.startsWith('/')) done.length = 0;
      parts.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
      continue;
    }
    if (parts.length > 0 && st.kind !== 'dir') return undefined;
    done.push(name);
  }
  return path.join(root, ...done);
}

/** A BundleView over a real (or fake) directory. */
export function bundleView(dir: string, fsx: FsSeam = realFs): BundleView {
  const abs = (p: string): string => (path.isAbsolute(p) ? p : path.join(dir, p));
  return {
    dir,
    exists: (p) => fsx.lstat(abs(p)) !== undefined,
    isDirectory(p) {
      const r = fsx.realpath(abs(p));
      return r !== undefined && fsx.lstat(r)?.kind === 'dir';
    },
    isExecutableInRoot(rootfs, p) {
      const root = fsx.realpath(abs(rootfs));
      if (root === undefined) return false;
      const host = resolveInRoot(fsx, root, p);
      if (host === undefined) return false;
      const st = fsx.lstat(host);
      return st !== undefined && st.kind === 'file' && (st.mode & 0o111) !== 0;
    },
    realpath: (p) => fsx.realpath(abs(p)),
    statInRoot(rootfs, p) {
      const root = fsx.realpath(abs(rootfs));
      if (root === undefined) return undefined;
      const host = resolveInRoot(fsx, root, p);
      return host === undefined ? undefined : fsx.lstat(host);
    },
  };
}

/** Capability names the running kernel knows, from the text of /proc/sys/kernel/cap_last_cap. */
export function capabilitiesFromLastCap(text: string | undefined): string[] {
  const last = text === undefined ? NaN : Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(last) || last < 0) return LINUX_CAPABILITIES.slice();
  const out: string[] = [];
  for (let i = 0; i <= last; i++) out.push(LINUX_CAPABILITIES[i] ?? `CAP_${i}`);
  return out;
}

/** Filesystem type names from the text of /proc/filesystems ("nodev\tproc" or "\text4" lines). */
export function filesystemsFromProc(text: string | undefined): string[] {
  if (text === undefined) return [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t').pop()?.trim();
    if (f) out.push(f);
  }
  return out;
}

/** Row labels of /proc/PID/limits, by rlimit type. */
const limitsLabel: Record<string, string> = {
  RLIMIT_CPU: 'Max cpu time',
  RLIMIT_FSIZE: 'Max file size',
  RLIMIT_DATA: 'Max data size',
  RLIMIT_STACK: 'Max stack size',
  RLIMIT_CORE: 'Max core file size',
  RLIMIT_RSS: 'Max resident set',
  RLIMIT_NPROC: 'Max processes',
  RLIMIT_NOFILE: 'Max open files',
  RLIMIT_MEMLOCK: 'Max locked memory',
  RLIMIT_AS: 'Max address space',
  RLIMIT_LOCKS: 'Max file locks',
  RLIMIT_SIGPENDING: 'Max pending signals',
  RLIMIT_MSGQUEUE: 'Max msgqueue size',
  RLIMIT_NICE: 'Max nice priority',
  RLIMIT_RTPRIO: 'Max realtime priority',
  RLIMIT_RTTIME: 'Max realtime timeout',
};

/** Hard limits by rlimit type from the text of /proc/PID/limits (`unlimited` as 2^64-1). */
export function hardLimitsFromProc(text: string | undefined): Record<string, bigint> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, bigint> = {};
  for (const line of text.split('\n')) {
    for (const [type, label] of Object.entries(limitsLabel)) {
      if (!line.startsWith(label)) continue;
      const hard = line.slice(label.length).trim().split(/\s+/)[1];
      if (hard === 'unlimited') out[type] = 2n ** 64n - 1n;
      else if (hard !== undefined && /^\d+$/.test(hard)) out[type] = BigInt(hard);
    }
  }
  return out;
}

/** A HostView of this machine (or of `procRoot`, a fixture directory shaped like /proc). */
export function hostView(fsx: FsSeam = realFs, procRoot = '/proc'): HostView {
  const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(fsx.readFile(path.join(procRoot, 'self/status')) ?? '')?.[1];
  const hardLimits = hardLimitsFromProc(fsx.readFile(path.join(procRoot, 'self/limits')));
  return {
    ...(capEff !== undefined ? { callerCapabilities: decodeCapabilities(capEff) } : {}),
    ...(hardLimits !== undefined ? { hardLimits } : {}),
    capabilities: capabilitiesFromLastCap(fsx.readFile(path.join(procRoot, 'sys/kernel/cap_last_cap'))),
    filesystems: filesystemsFromProc(fsx.readFile(path.join(procRoot, 'filesystems'))),
    exists: (p) => fsx.lstat(p) !== undefined,
    isDirectory(p) {
      const r = fsx.realpath(p);
      return r !== undefined && fsx.lstat(r)?.kind === 'dir';
    },
    readFile: (p) => fsx.readFile(p),
    isExecutable(p) {
      const r = fsx.realpath(p);
      if (r === undefined) return false;
      const st = fsx.lstat(r);
      return st !== undefined && st.kind === 'file' && (st.mode & 0o111) !== 0;
    },
  };
}

/** The real-fs BundleView of `dir` (alias used by the CLI). */
export function makeBundleView(dir: string): BundleView {
  return bundleView(dir, realFs);
}

/** The HostView of this machine (alias used by the CLI). */
export function makeHostView(): HostView {
  return hostView(realFs, '/proc');
}
