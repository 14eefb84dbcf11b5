// Builders for image fixtures in code (tests and benchmarks): raw tar entries with full control
// over names and types, and OCI layouts or archives from documents and layers.
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { digestOf } from './digest.js';
import { mt } from './media-types.js';
import { maxJsonBytes, type BlobEntry, type ImageSource } from './source.js';

export interface RawEntry {
  /** Name bytes (a string is UTF-8 encoded). Names over 100 bytes get a PAX path record. */
  name: string | Buffer;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'S';
  data?: Buffer | string;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  devmajor?: number;
  devminor?: number;
}

const flags = {
  file: '0',
  dir: '5',
  symlink: '2',
  hardlink: '1',
  char: '3',
  block: '4',
  fifo: '6',
  S: 'S',
} as const;

function octal(n: number, len: number): string {
  return n.toString(8).padStart(len - 1, '0') + '\0';
}

function header(name: Buffer, size: number, e: RawEntry, typeflag: string): Buffer {
  const b = Buffer.alloc(512);
  name.copy(b, 0, 0, Math.min(100, name.length));
  b.write(octal(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 8), 100, 'latin1');
  b.write(octal(e.uid ?? 0, 8), 108, 'latin1');
  b.write(octal(e.gid ?? 0, 8), 116, 'latin1');
  b.write(octal(size, 12), 124, 'latin1');
  b.write(octal(0, 12), 136, 'latin1');
  b.write('        ', 148, 'latin1');
  b.write(typeflag, 156, 'latin1');
  if (e.linkname) b.write(e.linkname, 157, 'utf8');
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  b.write(octal(e.devmajor ?? 0, 8), 329, 'latin1');
  b.write(octal(e.devminor ?? 0, 8), 337, 'latin1');
  let sum = 0;
  for (const c of b) sum += c;
  b.write(octal(sum, 7) + ' ', 148, 'latin1');
  return b;
}

function pad(n: number): Buffer {
  return Buffer.alloc((512 - (n % 512)) % 512);
}

/** A tar stream of `entries`. `end: false` leaves out the two zero blocks. */
export function makeTar(entries: RawEntry[], opts: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name) : e.name;
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    if (name.length > 100) {
      const rec = (k: string, v: string) => {
        const body = ` ${k}=${v}\n`;
        let len = body.length + 1;
        while (String(len).length + body.length !== len) len = String(len).length + body.length;
        return `${len}${body}`;
      };
      const pax = Buffer.from(rec('path', name.toString('utf8')));
      parts.push(header(Buffer.from('PaxHeader'), pax.length, { name: '' }, 'x'), pax, pad(pax.length));
    }
    const t = flags[e.type ?? 'file'];
    parts.push(header(name, data.length, e, t), data, pad(data.length));
  }
  if (opts.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A descriptor for `bytes`. */
export function descriptorFor(
  mediaType: string,
  bytes: Buffer,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { mediaType, digest: digestOf(bytes), size: bytes.length, ...extra };
}

/** A layout under construction: blobs in memory, written by `write`. */
export class LayoutBuilder {
  blobs = new Map<string, Buffer>();
  index: any = { schemaVersion: 2, mediaType: mt.index, manifests: [] };
  ociLayout: Buffer | undefined = Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  /** Extra files (relative path -> bytes), written as is. */
  extra = new Map<string, Buffer>();

  /** Add bytes as a blob, returning its descriptor. */
  blob(mediaType: string, bytes: Buffer | string, extra: Record<string, unknown> = {}): any {
    const b = Buffer.from(bytes);
    const d = descriptorFor(mediaType, b, extra);
    this.blobs.set(String(d.digest), b);
    return d;
  }

  json(mediaType: string, value: unknown, extra: Record<string, unknown> = {}): any {
    return this.blob(mediaType, JSON.stringify(value), extra);
  }

  /**
   * Add a complete single-platform image (config + layers + manifest) and its index.json entry.
   * `layers` are uncompressed tars, gzipped unless `compression` says otherwise.
   */
  image(
    layers: Buffer[],
    opts: {
      ref?: string;
      compression?: 'gzip' | 'none';
      config?: (c: any) => void;
      manifest?: (m: any) => void;
      entry?: (e: any) => void;
    } = {},
  ): { manifest: any; config: any; entry: any } {
    const gz = (opts.compression ?? 'gzip') === 'gzip';
    const layerDescs = layers.map((l) => this.blob(gz ? mt.layerGzip : mt.layerTar, gz ? gzipSync(l) : l));
    const config: any = {
      created: '2024-01-01T00:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => digestOf(l)) },
      history: layers.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'test' })),
    };
    opts.config?.(config);
    const configDesc = this.json(mt.config, config);
    const manifest: any = {
      schemaVersion: 2,
      mediaType: mt.manifest,
      config: configDesc,
      layers: layerDescs,
    };
    opts.manifest?.(manifest);
    const entry: any = this.json(mt.manifest, manifest, {
      platform: { architecture: 'amd64', os: 'linux' },
      ...(opts.ref ? { annotations: { 'org.opencontainers.image.ref.name': opts.ref } } : {}),
    });
    opts.entry?.(entry);
    this.index.manifests.push(entry);
    return { manifest, config, entry };
  }

  /** Write the layout into `dir` (created). */
  async write(dir: string): Promise<string> {
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    if (this.ociLayout) await writeFile(join(dir, 'oci-layout'), this.ociLayout);
    await writeFile(
      join(dir, 'index.json'),
      typeof this.index === 'string' ? this.index : JSON.stringify(this.index),
    );
    for (const [d, b] of this.blobs) {
      const [alg, enc] = d.split(':');
      await mkdir(join(dir, 'blobs', alg!), { recursive: true });
      await writeFile(join(dir, 'blobs', alg!, enc!), b);
    }
    for (const [p, b] of this.extra) {
      await mkdir(join(dir, p, '..'), { recursive: true });
      await writeFile(join(dir, p), b);
    }
    return dir;
  }

  /**
   * The layout as an in-memory ImageSource, answering as the layout directory reader does for the
   * same files (a fast stand-in for fuzzing the document readers without disk I/O per input).
   */
  source(): ImageSource {
    const files = new Map<string, Buffer>();
    for (const [d, b] of this.blobs) files.set(`blobs/${d.replace(':', '/')}`, b);
    const top: ImageSource['top'] = { 'oci-layout': undefined, 'index.json': undefined };
    if (this.ociLayout) top['oci-layout'] = { bytes: this.ociLayout };
    top['index.json'] = {
      bytes: Buffer.from(typeof this.index === 'string' ? this.index : JSON.stringify(this.index)),
    };
    for (const n of ['oci-layout', 'index.json'] as const)
      if ((top[n]?.bytes?.length ?? 0) > maxJsonBytes) top[n] = { tooLarge: true };
    const blobs = new Map<string, BlobEntry>([...files].map(([p, b]) => [p, { path: p, size: b.length }]));
    return {
      kind: 'layout',
      path: 'memory',
      top,
      hasBlobsDir: true,
      blobs,
      duplicateEntries: [],
      async readBlob(p, max) {
        const b = files.get(p);
        return b && b.length <= max ? b : undefined;
      },
      async streamBlobs(paths, consume) {
        for (const p of paths) {
          const b = files.get(p);
          if (!b) continue;
          await consume(
            p,
            (async function* () {
              for (let i = 0; i < b.length; i += 1 << 16) yield b.subarray(i, i + (1 << 16));
            })(),
          );
        }
      },
    };
  }

  /** The layout as an oci-archive (tar, gzip-compressed when asked). */
  archive(opts: { gzip?: boolean } = {}): Buffer {
    const entries: RawEntry[] = [];
    if (this.ociLayout) entries.push({ name: 'oci-layout', data: this.ociLayout });
    entries.push({
      name: 'index.json',
      data: typeof this.index === 'string' ? this.index : JSON.stringify(this.index),
    });
    entries.push({ name: 'blobs/', type: 'dir' }, { name: 'blobs/sha256/', type: 'dir' });
    for (const [d, b] of this.blobs) entries.push({ name: `blobs/${d.replace(':', '/')}`, data: b });
    const tar = makeTar(entries);
    return opts.gzip ? gzipSync(tar) : tar;
  }
}

/** A fresh temp directory and its remover. */
export async function tempDir(prefix = 'oci-image-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Gzip members of n zero bytes, by n: a bomb's members are the same few, made once per process. */
const zeroMembers = new Map<number, Buffer>();

/**
 * A gzip bomb layer: a tar of one zero-filled file of `size` bytes (a multiple of 512), compressed
 * as a run of gzip members of 64 MiB of zeros each (about 1000:1), built in memory without ever
 * holding the inflated bytes. `diffId` is computed only when asked (it costs a hash of `size` bytes).
 */
export function gzipBomb(
  size: number,
  opts: { name?: string; diffId?: boolean } = {},
): { blob: Buffer; diffId: string | undefined; uncompressedSize: number } {
  const chunk = 64 << 20;
  const zeros = Buffer.alloc(Math.min(chunk, size));
  const head = makeTar([{ name: opts.name ?? 'zero' }], { end: false });
  head.write(octal(size, 12), 124, 'latin1');
  head.write('        ', 148, 'latin1');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += head[i]!;
  head.write(octal(sum, 7) + ' ', 148, 'latin1');
  const tail = Buffer.concat([Buffer.alloc((512 - (size % 512)) % 512), Buffer.alloc(1024)]);
  const member = (n: number): Buffer => {
    let m = zeroMembers.get(n);
    if (!m) zeroMembers.set(n, (m = gzipSync(zeros.subarray(0, n), { level: 9 })));
    return m;
  };
  const parts: Buffer[] = [gzipSync(head)];
  const h = opts.diffId ? createHash('sha256') : undefined;
  h?.update(head);
  let left = size;
  while (left > 0) {
    const n = Math.min(chunk, left);
    parts.push(member(n));
    h?.update(zeros.subarray(0, n));
    left -= n;
  }
  parts.push(gzipSync(tail));
  h?.update(tail);
  return {
    blob: Buffer.concat(parts),
    diffId: h ? `sha256:${h.digest('hex')}` : undefined,
    uncompressedSize: 512 + size + tail.length,
  };
}
