// The in-memory model of one layer's tar entries: normalised paths, duplicates, escapes through
// links, whiteouts and special files. Fed entries by the tar walker; produces problems as data.
import type { TarEntry } from './tar.js';

export type LayerProblemCode =
  | 'absolute-path'
  | 'dotdot-path'
  | 'escapes-root'
  | 'duplicate-entry'
  | 'through-symlink'
  | 'symlink-escapes'
  | 'hardlink-escapes'
  | 'hardlink-missing-target'
  | 'whiteout-empty-name'
  | 'whiteout-same-layer'
  | 'whiteout-not-file'
  | 'whiteout-after-sibling'
  | 'opaque-whiteout-not-file'
  | 'non-utf8-name'
  | 'device-node'
  | 'fifo'
  | 'setuid'
  | 'sparse-file'
  | 'unknown-type'
  | 'root-not-directory';

/** One problem in a layer's tar content, located by path and header offset. */
export interface LayerProblem {
  code: LayerProblemCode;
  path: string;
  offset: number;
  detail?: string;
}

/** Problems kept per code (the count keeps going): bounded memory on hostile layers. */
export const maxProblemsPerCode = 50;

/** Distinct paths we track for duplicate detection before giving up (bounded memory). */
export const maxTrackedPaths = 2_000_000;

/**
 * Normalise a tar entry name to a root-relative path without leading `./`, duplicate or trailing
 * slashes, or `.` components. `..` is resolved lexically; `escapes` tells if it went above the root.
 */
export function normalisePath(name: string): {
  path: string;
  absolute: boolean;
  dotdot: boolean;
  escapes: boolean;
} {
  const absolute = name.startsWith('/');
  const out: string[] = [];
  let dotdot = false;
  let escapes = false;
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      dotdot = true;
      if (out.length === 0) escapes = true;
      else out.pop();
      continue;
    }
    out.push(part);
  }
  return { path: out.join('/'), absolute, dotdot, escapes };
}

/**
 * A 53-bit key for a normalised path: duplicate tracking keeps numbers, not strings, so a layer of
 * millions of entries stays within bounded memory.
 */
// SPEC: two paths sharing a key would be reported as a duplicate; with 53 bits the chance is about
// n^2 / 2^54 (1e-8 for a million entries), which we accept for bounded memory.
export function pathKey(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

const typeCodes = [
  'file',
  'hardlink',
  'symlink',
  'char',
  'block',
  'directory',
  'fifo',
  'contiguous',
  'gnu-sparse',
  'unknown',
];

/**
 * An open-addressing set of path keys with the entry type of each: 9 bytes a slot, about 18 MB for
 * a million paths, where a Map of boxed numbers costs several times that.
 */
export class PathKeySet {
  private keys = new Float64Array(1024);
  private types = new Uint8Array(1024);
  size = 0;

  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let i = (key % 0x7fffffff) & mask;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  /** The entry type recorded for `path`, or undefined. */
  get(path: string): string | undefined {
    const key = pathKey(path) + 1; // 0 marks an empty slot
    const i = this.slot(key);
    return this.keys[i] === key ? typeCodes[this.types[i]!] : undefined;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  set(path: string, type: string): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const key = pathKey(path) + 1;
    const i = this.slot(key);
    if (this.keys[i] !== key) this.size++;
    this.keys[i] = key;
    const code = typeCodes.indexOf(type);
    this.types[i] = code < 0 ? typeCodes.length - 1 : code;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldTypes = this.types;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.types = new Uint8Array(oldKeys.length * 2);
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j]!;
      if (k === 0) continue;
      const i = this.slot(k);
      this.keys[i] = k;
      this.types[i] = oldTypes[j]!;
    }
  }
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Directories we keep by name per layer for the cross-layer checks before giving up (bounded memory). */
export const maxTrackedDirs = 500_000;

/**
 * What one layer changes, kept for the checks across the layers of an image (layer-stack.ts): path keys
 * (numbers), directory names, symlinks, whiteouts. Nothing here holds file contents.
 */
export interface LayerChanges {
  /** Every entry path of the layer, with its type. */
  paths: PathKeySet;
  /** Every directory the layer's non-whiteout entries imply (parents and all ancestors), with the first entry under it. */
  dirs: Map<string, { path: string; offset: number }>;
  /** false when the layer had more paths or directories than we track: absence then proves nothing. */
  complete: boolean;
  symlinks: Map<string, string>;
  /** Explicit whiteouts: the path each hides, and the whiteout entry. */
  whiteouts: { target: string; path: string; offset: number }[];
  /** Opaque whiteouts: the directory whose lower children they hide, and the entry. */
  opaque: { dir: string; path: string; offset: number }[];
}

export class LayerModel {
  readonly problems: LayerProblem[] = [];
  readonly counts = new Map<LayerProblemCode, number>();
  /** Every normalised path seen, with its entry type. */
  private readonly seen = new PathKeySet();
  private tracking = true;
  private readonly symlinks = new Map<string, string>();
  private readonly whiteouts: { target: string; path: string; offset: number }[] = [];
  private readonly opaque: { dir: string; path: string; offset: number }[] = [];
  /** Directories with a non-whiteout entry seen so far (for whiteout-after-sibling). */
  private readonly withChildren = new PathKeySet();
  private readonly dirs = new Map<string, { path: string; offset: number }>();
  private dirsComplete = true;
  entries = 0;

  private add(code: LayerProblemCode, e: TarEntry, detail?: string): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= maxProblemsPerCode)
      this.problems.push({ code, path: e.path, offset: e.offset, ...(detail ? { detail } : {}) });
  }

  entry(e: TarEntry): void {
    this.entries++;
    if (!e.utf8) this.add('non-utf8-name', e);
    const n = normalisePath(e.path);
    if (n.absolute) this.add('absolute-path', e);
    if (n.escapes) this.add('escapes-root', e);
    else if (n.dotdot) this.add('dotdot-path', e);
    const p = n.path;
    if (p === '' && e.type !== 'directory') this.add('root-not-directory', e, e.type);

    // A path that goes through a symlink made earlier in this layer writes wherever the link points.
    if (this.symlinks.size > 0) {
      for (let d = dirname(p); d !== ''; d = dirname(d)) {
        if (this.symlinks.has(d)) {
          this.add('through-symlink', e, `${d} -> ${this.symlinks.get(d)}`);
          break;
        }
      }
    }

    const base = basename(p);
    const parent = dirname(p);
    // whiteouts imply no directory: the ones they sit in are the lower layers' (or no layer's: a finding)
    if (p !== '' && !base.startsWith('.wh.')) this.noteDirs(parent, e);
    if (base.startsWith('.wh.')) {
      // SPEC: layer.md asks whiteout files to come before sibling directory entries (SHOULD)
      if (this.withChildren.has(parent)) this.add('whiteout-after-sibling', e, parent || '/');
      if (base === '.wh..wh..opq') {
        if (e.type !== 'file') this.add('opaque-whiteout-not-file', e, e.type);
        this.opaque.push({ dir: dirname(p), path: e.path, offset: e.offset });
      } else if (base === '.wh.') {
        this.add('whiteout-empty-name', e);
      } else {
        if (e.type !== 'file' || e.size !== 0)
          this.add('whiteout-not-file', e, `${e.type} of ${e.size} bytes`);
        const dir = dirname(p);
        const target = (dir ? dir + '/' : '') + base.slice(4);
        this.whiteouts.push({ target, path: e.path, offset: e.offset });
      }
    } else if (p !== '') this.withChildren.set(parent, 'directory');

    switch (e.type) {
      case 'symlink': {
        this.symlinks.set(p, e.linkname);
        if (!e.linkname.startsWith('/')) {
          const t = normalisePath((dirname(p) ? dirname(p) + '/' : '') + e.linkname);
          if (t.escapes) this.add('symlink-escapes', e, e.linkname);
        }
        break;
      }
      case 'hardlink': {
        const t = normalisePath(e.linkname);
        if (t.absolute || t.escapes) this.add('hardlink-escapes', e, e.linkname);
        else if (this.tracking && !this.seen.has(t.path)) this.add('hardlink-missing-target', e, e.linkname);
        break;
      }
      case 'char':
      case 'block':
        this.add('device-node', e, `${e.type} ${e.devmajor}:${e.devminor}`);
        break;
      case 'fifo':
        this.add('fifo', e);
        break;
      case 'unknown':
        this.add('unknown-type', e, JSON.stringify(e.typeflag));
        break;
    }
    if ((e.mode & 0o6000) !== 0 && (e.type === 'file' || e.type === 'contiguous')) {
      this.add('setuid', e, (e.mode & 0o7777).toString(8));
    }
    if (e.sparse) this.add('sparse-file', e);

    if (this.tracking) {
      const prev = this.seen.get(p);
      // SPEC: the root directory entry ("./") repeated is still a duplicate entry for one path.
      if (prev !== undefined) this.add('duplicate-entry', e, `earlier ${prev}`);
      else if (this.seen.size >= maxTrackedPaths) this.tracking = false;
      else this.seen.set(p, e.type);
    }
  }

  /** Record `dir` and its ancestors as directories this layer implies. */
  private noteDirs(dir: string, e: TarEntry): void {
    for (let d = dir; ; d = dirname(d)) {
      if (this.dirs.has(d)) return;
      if (this.dirs.size >= maxTrackedDirs) {
        this.dirsComplete = false;
        return;
      }
      this.dirs.set(d, { path: e.path, offset: e.offset });
      if (d === '') return;
    }
  }

  /** What the layer changes, for the checks across layers. */
  changes(): LayerChanges {
    return {
      paths: this.seen,
      dirs: this.dirs,
      complete: this.tracking && this.dirsComplete,
      symlinks: this.symlinks,
      whiteouts: this.whiteouts,
      opaque: this.opaque,
    };
  }

  /** Cross-entry checks that need the whole layer (whiteouts beside paths of the same layer). */
  finish(): void {
    for (const w of this.whiteouts) {
      if (this.seen.has(w.target)) {
        this.add('whiteout-same-layer', { path: w.path, offset: w.offset } as TarEntry, w.target);
      }
    }
  }

  /** Total count of a problem code, including the ones not kept. */
  count(code: LayerProblemCode): number {
    return this.counts.get(code) ?? 0;
  }
}
