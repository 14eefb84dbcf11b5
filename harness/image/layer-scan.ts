// One streaming pass over a layer blob: compressed digest, decompression by media type, the
// uncompressed digest (diff_id), and the tar header walk with the layer model. Nothing touches disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { hasherFor } from './digest.js';
import { LayerModel, type LayerChanges, type LayerProblem, type LayerProblemCode } from './layer-model.js';
import type { Compression } from './media-types.js';
import { TarWalker, type TarEntry, type TarError, type TarHandlers } from './tar.js';

export interface LayerScanOptions {
  /** Compression the media type declares; undefined for a media type that is not a known layer type. */
  declared: Compression | undefined;
  /** Algorithm of the descriptor digest (verified when registered). @default 'sha256' */
  digestAlgorithm?: string;
  /** Algorithm of the diff_id to compute. @default 'sha256' */
  diffIdAlgorithm?: string;
  /** Stop with an error after this many uncompressed bytes (gzip bombs). @default 64 GiB */
  maxUncompressedBytes?: number;
  /** Extra handlers for the tar entries (the bundle applier uses these). */
  handlers?: TarHandlers;
  /** Run the layer model (duplicate, escape, whiteout checks). @default true */
  model?: boolean;
}

/** What one pass over a layer found. */
export interface LayerScan {
  compressedDigest: string | undefined;
  compressedSize: number;
  /** Compression the magic bytes show. */
  detected: Compression;
  declared: Compression | undefined;
  /** The compression actually used to read the stream. */
  used: Compression;
  uncompressedDigest: string | undefined;
  uncompressedSize: number;
  tar: {
    entries: number;
    ended: boolean;
    missingEndMarker: boolean;
    trailingBytes: number;
    error?: TarError;
  };
  problems: LayerProblem[];
  counts: Partial<Record<LayerProblemCode, number>>;
  /** What the layer changes, for the checks across layers (when the layer model ran). */
  changes?: LayerChanges;
  /** The stream could not be read to the end (decompression failed, limit hit, tool missing). */
  error?: { code: 'decompress' | 'limit' | 'io' | 'zstd-unavailable'; message: string };
  durationMs: number;
}

export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

class LimitError extends Error {}

/** Thrown by a tar handler to stop the scan at a limit of its own (the bundle's --max-size). */
export class ScanLimitError extends LimitError {}

/** Scan a layer from a stream of its (compressed) bytes. Never throws for bad content. */
export async function scanLayer(source: AsyncIterable<Buffer>, opts: LayerScanOptions): Promise<LayerScan> {
  const t0 = performance.now();
  const cHash = hasherFor(opts.digestAlgorithm ?? 'sha256');
  const uAlg = opts.diffIdAlgorithm ?? 'sha256';
  const limit = opts.maxUncompressedBytes ?? 64 * 2 ** 30;
  const model = opts.model === false ? undefined : new LayerModel();
  const extra = opts.handlers;
  const walker = new TarWalker({
    entry(e: TarEntry) {
      model?.entry(e);
      extra?.entry?.(e);
    },
    ...(extra?.data ? { data: extra.data } : {}),
    ...(extra?.entryEnd ? { entryEnd: extra.entryEnd } : {}),
  });
  let walking = true;
  let cSize = 0;
  let uSize = 0;
  let detected: Compression = 'none';
  let used: Compression = 'none';
  let error: LayerScan['error'];

  const it = source[Symbol.asyncIterator]();
  const first = await it.next().catch((e: Error) => {
    error = { code: 'io', message: e.message };
    return { done: true as const, value: undefined };
  });
  const head: Buffer | undefined = first.done ? undefined : first.value;
  if (head) detected = sniffCompression(head);
  // SPEC: the media type decides how a layer is read; when the magic bytes say otherwise we report
  // the mismatch and read by the magic bytes, so the diff_id and tar checks still say something useful.
  used = opts.declared === undefined || opts.declared !== detected ? detected : opts.declared;
  const same = used === 'none' && cHash !== undefined && uAlg === (opts.digestAlgorithm ?? 'sha256');
  const uHash = same ? undefined : hasherFor(uAlg);

  async function* all(): AsyncGenerator<Buffer> {
    if (head) yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }

  const consume = (chunk: Buffer): void => {
    uSize += chunk.length;
    if (uSize > limit) throw new LimitError(`uncompressed layer exceeds the limit of ${limit} bytes`);
    if (same) {
      cSize += chunk.length;
      cHash?.update(chunk);
    } else uHash?.update(chunk);
    if (walking) walking = walker.write(chunk);
  };

  // Plain loops, not a chain of Writables: the per-chunk cost is what the benchmark measures.
  let child: ChildProcess | undefined;
  let dec: Transform | undefined;
  try {
    if (used === 'none') {
      for await (const c of all()) consume(c);
    } else {
      const tap = new Transform({
        highWaterMark: 1 << 20,
        transform(chunk: Buffer, _enc, cb) {
          cSize += chunk.length;
          cHash?.update(chunk);
          cb(null, chunk);
        },
      });
      let output: AsyncIterable<Buffer>;
      let feed: Promise<void>;
      let exited: Promise<void> = Promise.resolve();
      if (used === 'gzip') {
        dec = createGunzip({ chunkSize: 256 * 1024 });
        feed = pipeline(Readable.from(all(), { objectMode: false }), tap, dec);
        output = dec;
      } else {
        const z = startZstd();
        child = z.child;
        await new Promise<void>((resolve, reject) => {
          z.child.once('spawn', resolve);
          z.child.once('error', reject);
        });
        exited = z.exited;
        feed = pipeline(Readable.from(all(), { objectMode: false }), tap, z.child.stdin!);
        output = z.child.stdout! as AsyncIterable<Buffer>;
      }
      feed.catch(() => {});
      for await (const c of output) consume(c);
      await feed;
      await exited;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof LimitError) error = { code: 'limit', message: err.message };
    else if (err.code === 'ENOENT' && used === 'zstd')
      error = { code: 'zstd-unavailable', message: 'zstd layers need the zstd program on PATH' };
    else error ??= { code: 'decompress', message: `${used} stream: ${err.message}` };
  } finally {
    dec?.destroy();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (!error) walker.end();
  model?.finish();
  const cd = cHash && !error ? cHash.digest('hex') : undefined;
  return {
    compressedDigest: cd ? `${opts.digestAlgorithm ?? 'sha256'}:${cd}` : undefined,
    compressedSize: cSize,
    detected,
    declared: opts.declared,
    used,
    uncompressedDigest: error
      ? undefined
      : same
        ? `${uAlg}:${cd}`
        : uHash
          ? `${uAlg}:${uHash.digest('hex')}`
          : undefined,
    uncompressedSize: uSize,
    tar: {
      entries: walker.entries,
      ended: walker.ended,
      missingEndMarker: walker.missingEndMarker,
      trailingBytes: walker.trailing,
      ...(walker.error ? { error: walker.error } : {}),
    },
    problems: model?.problems ?? [],
    counts: Object.fromEntries(model?.counts ?? []),
    ...(model ? { changes: model.changes() } : {}),
    ...(error ? { error } : {}),
    durationMs: performance.now() - t0,
  };
}

/** The system `zstd -dc` as a child process (Node 20 has no zstd in zlib); `exited` rejects on failure. */
function startZstd(): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn('zstd', ['-dcq', '--no-progress'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`zstd exited with ${code ?? signal}: ${stderr.trim().slice(0, 200)}`)),
    );
  });
  exited.catch(() => {});
  child.stdin!.on('error', () => {}); // EPIPE when zstd gives up early: the exit status tells why
  return { child, exited };
}
