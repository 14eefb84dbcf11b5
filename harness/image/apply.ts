// Applies layers to a root filesystem directory in order, with whiteouts, never writing outside the
// root whatever the tar says: every parent path is resolved inside the root (symlinks included).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  chmodSync,
  chownSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { normalisePath } from './layer-model.js';
import { scanLayer, ScanLimitError, type LayerScan } from './layer-scan.js';
import type { Compression } from './media-types.js';
import type { TarEntry } from './tar.js';

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Resolve the root-relative path `rel` inside `root` the way a chroot would: `..` stops at the root,
 * and symlinks met on the way are followed with the root as `/`. The result is always inside `root`.
 * The last component is followed too unless `followLast` is false.
 */
export function resolveInRoot(root: string, rel: string, followLast = true): string {
  let pending = rel.split('/').filter((c) => c !== '' && c !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const c = pending.shift()!;
    if (c === '..') {
      done.pop();
      continue;
    }
    const candidate = join(root, ...done, c);
    const st = pending.length === 0 && !followLast ? undefined : lstatOrUndefined(candidate);
    if (st?.isSymbolicLink()) {
      if (++links > 255) throw new Error(`too many levels of symbolic links resolving ${rel}`);
      const target = readlinkSync(candidate);
      const parts = target.split('/').filter((x) => x !== '' && x !== '.');
      if (target.startsWith('/')) done.length = 0;
      pending = [...parts, ...pending];
      continue;
    }
    done.push(c);
  }
  return join(root, ...done);
}

/** Create the directories of root-relative `rel` inside root, returning the resolved path. */
function mkdirInRoot(root: string, rel: string): string {
  const parts = rel.split('/').filter((c) => c !== '');
  let cur = '';
  for (const p of parts) {
    cur = cur ? `${cur}/${p}` : p;
    const real = resolveInRoot(root, cur);
    const st = lstatOrUndefined(real);
    if (!st) mkdirSync(real, { mode: 0o755 });
    else if (!st.isDirectory()) {
      rmSync(real, { force: true, recursive: true });
      mkdirSync(real, { mode: 0o755 });
    }
  }
  return resolveInRoot(root, rel);
}

export interface ApplyResult {
  scan: LayerScan;
  /** Entries not written, with why (device nodes without mknod, escaping names...). */
  skipped: { path: string; reason: string }[];
}

/** Apply one layer (its compressed bytes) to `root`. */
export async function applyLayer(
  root: string,
  data: AsyncIterable<Buffer>,
  opts: {
    declared: Compression | undefined;
    digestAlgorithm?: string;
    diffIdAlgorithm?: string;
    /** File data bytes this layer may still write, shared by the layers of one bundle (decremented). */
    budget?: { remaining: number; max: number };
  },
): Promise<ApplyResult> {
  const { budget, ...scanOpts } = opts;
  const skipped: ApplyResult['skipped'] = [];
  const thisLayer = new Set<string>();
  const isRoot = process.getuid?.() === 0;
  let fd: number | undefined;
  let pendingMeta: { fd: number; e: TarEntry } | undefined;

  const chown = (fn: () => void): void => {
    if (!isRoot) return;
    try {
      fn();
    } catch {
      // an id the filesystem refuses: the file keeps our ids
    }
  };

  const removeLower = (dirReal: string, dirRel: string): void => {
    let names: string[] = [];
    try {
      names = readdirSync(dirReal);
    } catch {
      return;
    }
    for (const n of names) {
      const rel = dirRel ? `${dirRel}/${n}` : n;
      if (thisLayer.has(rel)) continue;
      rmSync(join(dirReal, n), { recursive: true, force: true });
    }
  };

  const entry = (e: TarEntry): void => {
    const n = normalisePath(e.path);
    const p = n.path;
    if (n.escapes) {
      skipped.push({ path: e.path, reason: 'climbs above the root' });
      return;
    }
    if (p === '') return; // the root itself keeps its attributes
    const slash = p.lastIndexOf('/');
    const dirRel = slash < 0 ? '' : p.slice(0, slash);
    const base = p.slice(slash + 1);
    if (base.startsWith('.wh.')) {
      if (base === '.wh..wh..opq') {
        const dirReal = resolveInRoot(root, dirRel);
        removeLower(dirReal, dirRel);
      } else if (base !== '.wh.') {
        const target = (dirRel ? dirRel + '/' : '') + base.slice(4);
        // SPEC: a whiteout hides lower layers only; a path this layer added stays.
        if (!thisLayer.has(target))
          rmSync(resolveInRoot(root, target, false), { recursive: true, force: true });
      }
      return;
    }
    const parent = mkdirInRoot(root, dirRel);
    const target = join(parent, base);
    const existing = lstatOrUndefined(target);
    thisLayer.add(p);
    if (existing && !(existing.isDirectory() && e.type === 'directory'))
      rmSync(target, { recursive: true, force: true });
    const mode = e.mode & 0o7777;
    switch (e.type) {
      case 'directory':
        if (!existing || !existing.isDirectory()) mkdirSync(target, { mode: 0o755 });
        chown(() => chownSync(target, e.uid, e.gid));
        chmodSync(target, mode);
        return;
      case 'file':
      case 'contiguous':
      case 'gnu-sparse':
        fd = openSync(target, 'wx', 0o600);
        pendingMeta = { fd, e };
        return;
      case 'symlink':
        symlinkSync(e.linkname, target);
        chown(() => lchownSync(target, e.uid, e.gid));
        return;
      case 'hardlink': {
        const ln = normalisePath(e.linkname);
        if (ln.escapes || ln.path === '') {
          skipped.push({ path: e.path, reason: `hard link target ${e.linkname} is outside the root` });
          return;
        }
        const src = resolveInRoot(root, ln.path, false);
        const st = lstatOrUndefined(src);
        if (!st || st.isDirectory()) {
          skipped.push({ path: e.path, reason: `hard link target ${e.linkname} is missing or a directory` });
          return;
        }
        linkSync(src, target);
        return;
      }
      case 'char':
      case 'block':
      case 'fifo': {
        const args =
          e.type === 'fifo'
            ? [target, 'p']
            : [target, e.type === 'char' ? 'c' : 'b', String(e.devmajor), String(e.devminor)];
        const r = spawnSync('mknod', ['-m', mode.toString(8), ...args], { stdio: 'ignore' });
        if (r.status !== 0) skipped.push({ path: e.path, reason: 'mknod failed' });
        else chown(() => chownSync(target, e.uid, e.gid));
        return;
      }
      default:
        skipped.push({ path: e.path, reason: `entry type ${JSON.stringify(e.typeflag)} is not applied` });
    }
  };

  const scan = await scanLayer(data, {
    ...scanOpts,
    handlers: {
      entry,
      data(chunk) {
        if (fd === undefined) return;
        if (budget) {
          if (chunk.length > budget.remaining)
            throw new ScanLimitError(
              `expected the bundle to hold at most ${budget.max} bytes of file data (--max-size) but ${JSON.stringify(pendingMeta?.e.path)} goes beyond it`,
            );
          budget.remaining -= chunk.length;
        }
        writeSync(fd, chunk);
      },
      entryEnd() {
        if (!pendingMeta) return;
        const { fd: f, e } = pendingMeta;
        chown(() => fchownSync(f, e.uid, e.gid));
        fchmodSync(f, e.mode & 0o7777); // after chown, which clears setuid bits
        futimesSync(f, e.mtime, e.mtime);
        closeSync(f);
        fd = undefined;
        pendingMeta = undefined;
      },
    },
  });
  if (pendingMeta) closeSync(pendingMeta.fd);
  return { scan, skipped };
}
