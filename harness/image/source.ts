// Readers for the two image inputs: an OCI image layout directory, and an oci-archive tarball
// (plain or gzip) read as a stream, never unpacked to disk. Both expose the same ImageSource.
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { normalisePath } from './layer-model.js';
import { TarWalker, type TarEntry, type TarError } from './tar.js';

/** A file under `blobs/` (any depth; naming is checked by a rule). */
export interface BlobEntry {
  /** Path relative to the layout root, e.g. `blobs/sha256/ab12...`. */
  path: string;
  size: number;
  /** The entry is not a regular file (a directory at blob depth, a link...). */
  notFile?: boolean;
}

/** The layout's content, whatever the container (directory or archive). */
export interface ImageSource {
  kind: 'layout' | 'archive';
  /** The path the user gave. */
  path: string;
  /** Top-level `oci-layout` and `index.json`, undefined when missing; `isDirectory` when not a file. */
  top: Record<
    'oci-layout' | 'index.json',
    { bytes?: Buffer; isDirectory?: boolean; tooLarge?: boolean } | undefined
  >;
  hasBlobsDir: boolean;
  blobs: Map<string, BlobEntry>;
  /** Paths the archive holds twice (archives only). */
  duplicateEntries: string[];
  /** A problem reading the container itself (corrupt archive...). */
  containerError?: TarError | { code: 'io'; message: string; offset: number };
  /** Read a small blob into memory (JSON documents); undefined when larger than `max`. */
  readBlob(path: string, max: number): Promise<Buffer | undefined>;
  /**
   * Stream the blobs in `paths` to `consume`, one at a time: in the set's order for a directory, in
   * the archive's order for an archive (one pass). A consumer may stop reading early.
   */
  streamBlobs(
    paths: Set<string>,
    consume: (path: string, data: AsyncIterable<Buffer>) => Promise<void>,
  ): Promise<void>;
}

/** JSON documents larger than this are not parsed (bounded memory). */
export const maxJsonBytes = 4 << 20;

/** Open a layout directory or an archive file. Throws (a tool error) when the path cannot be read. */
export async function openImage(path: string): Promise<ImageSource> {
  const st = await stat(path);
  return st.isDirectory() ? openLayoutDir(path) : openArchive(path);
}

async function openLayoutDir(root: string): Promise<ImageSource> {
  const top: ImageSource['top'] = { 'oci-layout': undefined, 'index.json': undefined };
  for (const name of ['oci-layout', 'index.json'] as const) {
    const p = join(root, name);
    const st = await stat(p).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) top[name] = { isDirectory: true };
    else if (st.size > maxJsonBytes) top[name] = { tooLarge: true };
    else top[name] = { bytes: await readFile(p) };
  }
  const blobs = new Map<string, BlobEntry>();
  const bst = await stat(join(root, 'blobs')).catch(() => undefined);
  const hasBlobsDir = bst?.isDirectory() ?? false;
  if (hasBlobsDir) {
    for (const alg of await readdir(join(root, 'blobs'), { withFileTypes: true })) {
      const ap = `blobs/${alg.name}`;
      if (!alg.isDirectory()) {
        blobs.set(ap, { path: ap, size: 0, notFile: !alg.isFile() });
        continue;
      }
      for (const f of await readdir(join(root, ap), { withFileTypes: true })) {
        const fp = `${ap}/${f.name}`;
        const s = await stat(join(root, fp)).catch(() => undefined);
        blobs.set(fp, { path: fp, size: s?.size ?? 0, ...(s?.isFile() ? {} : { notFile: true }) });
      }
    }
  }
  return {
    kind: 'layout',
    path: root,
    top,
    hasBlobsDir,
    blobs,
    duplicateEntries: [],
    async readBlob(p, max) {
      const b = blobs.get(p);
      if (!b || b.notFile || b.size > max) return undefined;
      return readFile(join(root, p));
    },
    async streamBlobs(paths, consume) {
      for (const p of paths) {
        const b = blobs.get(p);
        if (!b || b.notFile) continue;
        const stream = createReadStream(join(root, p), { highWaterMark: 1 << 20 });
        try {
          await consume(p, stream);
        } finally {
          stream.destroy(); // a consumer that stops early leaves no open descriptor
        }
      }
    },
  };
}

/** Blobs up to this size are kept in memory during the first pass over an archive. */
const keepInMemory = 1 << 20;
/** Total memory for kept blobs. */
const keepBudget = 64 << 20;

async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    await fh.read(b, 0, 2, 0);
    return b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Read the archive once, calling handlers; awaits `drainNeeded()` to apply backpressure. */
async function walkArchive(
  path: string,
  gzip: boolean,
  handlers: {
    entry(e: TarEntry, name: string): void;
    data?(chunk: Buffer): void;
    entryEnd?(e: TarEntry): void;
    /** A promise to wait for before reading on, or undefined. */
    wait?(): Promise<void> | undefined;
  },
): Promise<TarWalker> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (e) => input.destroy(e));
  const walker = new TarWalker({
    entry: (e) => handlers.entry(e, normalisePath(e.path).path),
    ...(handlers.data ? { data: (c: Buffer) => handlers.data!(c) } : {}),
    ...(handlers.entryEnd ? { entryEnd: (e: TarEntry) => handlers.entryEnd!(e) } : {}),
  });
  for await (const chunk of input) {
    if (!walker.write(chunk as Buffer)) {
      if (walker.error) break;
    }
    const w = handlers.wait?.();
    if (w) await w;
  }
  walker.end();
  return walker;
}

async function openArchive(path: string): Promise<ImageSource> {
  const gzip = await isGzipFile(path);
  const top: ImageSource['top'] = { 'oci-layout': undefined, 'index.json': undefined };
  const blobs = new Map<string, BlobEntry>();
  const kept = new Map<string, Buffer>();
  const seen = new Set<string>();
  const duplicateEntries: string[] = [];
  let hasBlobsDir = false;
  let budget = keepBudget;
  let collecting: { name: string; parts: Buffer[] } | undefined;
  let containerError: ImageSource['containerError'];

  try {
    const walker = await walkArchive(path, gzip, {
      entry(e, name) {
        collecting = undefined;
        if (seen.has(name)) duplicateEntries.push(name);
        seen.add(name);
        if (name === 'blobs' || name.startsWith('blobs/')) hasBlobsDir = true;
        if (name === 'oci-layout' || name === 'index.json') {
          if (e.type === 'directory') top[name] = { isDirectory: true };
          else if (e.size > maxJsonBytes) top[name] = { tooLarge: true };
          else collecting = { name, parts: [] };
          return;
        }
        if (!name.startsWith('blobs/') || e.type === 'directory') return;
        const isFile = e.type === 'file' || e.type === 'contiguous';
        blobs.set(name, { path: name, size: e.size, ...(isFile ? {} : { notFile: true }) });
        if (isFile && e.size <= keepInMemory && e.size <= budget) {
          budget -= e.size;
          collecting = { name, parts: [] };
        }
      },
      data(chunk) {
        collecting?.parts.push(Buffer.from(chunk));
      },
      entryEnd() {
        if (!collecting) return;
        const bytes = Buffer.concat(collecting.parts);
        if (collecting.name === 'oci-layout' || collecting.name === 'index.json')
          top[collecting.name] = { bytes };
        else kept.set(collecting.name, bytes);
        collecting = undefined;
      },
    });
    if (walker.error) containerError = walker.error;
  } catch (e) {
    containerError = { code: 'io', message: (e as Error).message, offset: 0 };
  }

  const src: ImageSource = {
    kind: 'archive',
    path,
    top,
    hasBlobsDir,
    blobs,
    duplicateEntries,
    ...(containerError ? { containerError } : {}),
    async readBlob(p, max) {
      const b = blobs.get(p);
      if (!b || b.notFile || b.size > max) return undefined;
      const k = kept.get(p);
      if (k) return k;
      let out: Buffer | undefined;
      await src.streamBlobs(new Set([p]), async (_p, data) => {
        const parts: Buffer[] = [];
        for await (const c of data) parts.push(c);
        out = Buffer.concat(parts);
      });
      return out;
    },
    async streamBlobs(paths, consume) {
      const fromMemory = [...paths].filter((p) => kept.has(p)).sort();
      for (const p of fromMemory)
        await consume(
          p,
          (async function* () {
            yield kept.get(p)!;
          })(),
        );
      const rest = new Set([...paths].filter((p) => !kept.has(p) && blobs.has(p) && !blobs.get(p)!.notFile));
      if (rest.size === 0) return;
      const done = new Set<string>();
      let pt: PassThrough | undefined;
      let running: Promise<void> | undefined;
      let pending: Promise<void> | undefined;
      await walkArchive(path, gzip, {
        entry(_e, name) {
          if (!rest.has(name) || done.has(name)) return;
          done.add(name);
          const stream = new PassThrough({ highWaterMark: 1 << 20 });
          pt = stream;
          // A consumer that stops early must not stall the pass: drop what it leaves unread.
          running = consume(name, stream)
            .catch(() => {})
            .finally(() => {
              stream.resume();
            });
        },
        data(chunk) {
          if (pt && !pt.write(chunk))
            pending ??= Promise.race([once(pt, 'drain').then(() => undefined), running!]);
        },
        entryEnd() {
          if (!pt) return;
          pt.end();
          pt = undefined;
          const r = running!;
          running = undefined;
          pending = r;
        },
        wait() {
          const w = pending;
          pending = undefined;
          return w;
        },
      });
      if (pt) {
        pt.end();
        await running;
      }
    },
  };
  return src;
}
