// Image -> runtime bundle: select one image manifest (--ref, --platform), verify what it reads,
// apply its layers in order into DIR/rootfs, and write DIR/config.json by the conversion rules.
// Everything is written into a temp dir beside DIR and renamed at the end: a failure leaves no bundle.
import { chmod, mkdir, mkdtemp, readdir, rm, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { applyLayer } from './apply.js';
import { convertConfig } from './convert.js';
import { digestOf, parseDigest, verifiable } from './digest.js';
import { isIndexType, isManifestType, layerCompression, mt } from './media-types.js';
import { maxJsonBytes, openImage, type ImageSource } from './source.js';
import { blobPathOf, platformMatches, SelectionError, type PlatformSelector } from './validate.js';

/** The image cannot become a bundle (a broken or unsupported image); exit code 1. */
export class BundleError extends Error {
  override name = 'BundleError';
}

/** Default for {@link BundleOptions.maxSize}: 10 GiB of file data. */
export const defaultMaxBundleSize = 10 * 2 ** 30;

export interface BundleOptions {
  ref?: string;
  platform?: PlatformSelector;
  /**
   * Most bytes of file data the bundle may hold, over all layers (a layer's data counts when written,
   * even when a later layer removes it); the bundle fails past it and nothing is left behind.
   * @default 10 GiB ({@link defaultMaxBundleSize})
   */
  maxSize?: number;
  /** process.args for config.json: replaces the image's Entrypoint and Cmd. */
  args?: string[];
}

export interface BundleResult {
  manifestDigest: string;
  configDigest: string;
  layers: { digest: string; diffId: string | undefined; entries: number }[];
  /** Entries that were not written, and why. */
  skipped: { layer: string; path: string; reason: string }[];
  /** Choices made where the image left a gap (no Entrypoint or Cmd...): the caller shows them. */
  warnings: string[];
  /** File data bytes written over all layers. */
  bytesWritten: number;
}

async function readVerified(src: ImageSource, d: any, what: string): Promise<any> {
  const bp = blobPathOf(d?.digest);
  if (!bp) throw new BundleError(`${what}: expected a digest but found ${JSON.stringify(d?.digest)}`);
  const bytes = await src.readBlob(bp, maxJsonBytes);
  if (!bytes) throw new BundleError(`${what}: blob ${bp} is missing or too large`);
  const p = parseDigest(d.digest);
  if (verifiable(p) && digestOf(bytes, p.algorithm) !== d.digest)
    throw new BundleError(`${what}: expected ${bp} to hash to ${d.digest} but it does not`);
  if (bytes.length !== d.size)
    throw new BundleError(`${what}: expected ${d.size} bytes but ${bp} has ${bytes.length}`);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new BundleError(`${what}: ${bp} is not JSON: ${(e as Error).message}`);
  }
}

/** Find the first image manifest descriptor the selection allows (image-index.md: first match). */
async function selectManifest(src: ImageSource, opts: BundleOptions): Promise<any> {
  const top = src.top['index.json']?.bytes;
  if (!top) throw new BundleError('expected index.json in the layout but it is missing');
  let index: any;
  try {
    index = JSON.parse(top.toString('utf8'));
  } catch (e) {
    throw new BundleError(`expected index.json to be JSON but it is not: ${(e as Error).message}`);
  }
  let entries: any[] = Array.isArray(index?.manifests) ? index.manifests : [];
  if (opts.ref !== undefined) {
    entries = entries.filter((e) => e?.annotations?.['org.opencontainers.image.ref.name'] === opts.ref);
    if (entries.length === 0)
      throw new SelectionError(
        `--ref: no index.json entry has org.opencontainers.image.ref.name ${JSON.stringify(opts.ref)}`,
      );
  }
  const visit = async (list: any[], depth: number): Promise<any> => {
    for (const e of list) {
      if (opts.platform && !platformMatches(e?.platform, opts.platform)) continue;
      if (isManifestType(e?.mediaType)) return e;
      if (isIndexType(e?.mediaType) && depth < 8) {
        const nested = await readVerified(src, e, 'nested index');
        const found = await visit(Array.isArray(nested.manifests) ? nested.manifests : [], depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  const m = await visit(entries, 0);
  if (!m)
    throw new SelectionError(
      'expected an image manifest matching the selection (--ref, --platform) but found none',
    );
  return m;
}

export async function buildBundle(
  imagePath: string,
  dir: string,
  opts: BundleOptions = {},
): Promise<BundleResult> {
  const src = await openImage(imagePath);
  const entry = await selectManifest(src, opts);
  const manifest = await readVerified(src, entry, 'manifest');
  if (manifest.config?.mediaType !== mt.config)
    throw new BundleError(
      `expected config.mediaType ${mt.config} but found ${JSON.stringify(manifest.config?.mediaType)}`,
    );
  const config = await readVerified(src, manifest.config, 'config');
  if (config.rootfs?.type !== 'layers')
    throw new BundleError(`expected rootfs.type "layers" but found ${JSON.stringify(config.rootfs?.type)}`);
  const layers: any[] = Array.isArray(manifest.layers) ? manifest.layers : [];
  const diffIds: unknown[] = Array.isArray(config.rootfs?.diff_ids) ? config.rootfs.diff_ids : [];
  if (diffIds.length !== layers.length)
    throw new BundleError(`expected one diff_id per layer (${layers.length}) but found ${diffIds.length}`);

  const bundle = resolve(dir);
  const existing = await stat(bundle).catch(() => undefined);
  if (existing && (!existing.isDirectory() || (await readdir(bundle)).length > 0))
    throw new BundleError(`expected ${dir} to be an empty directory or absent but it has content`);
  await mkdir(dirname(bundle), { recursive: true });
  const temp = await mkdtemp(join(dirname(bundle), `.${basename(bundle)}.partial-`));
  try {
    const result = await writeBundle(src, temp, entry, manifest, config, layers, diffIds, opts);
    await chmod(temp, 0o755);
    if (existing) await rmdir(bundle); // rename replaces only an empty directory; this one was
    await rename(temp, bundle);
    return result;
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
}

async function writeBundle(
  src: ImageSource,
  bundle: string,
  entry: any,
  manifest: any,
  config: any,
  layers: any[],
  diffIds: unknown[],
  opts: BundleOptions,
): Promise<BundleResult> {
  const rootfs = join(bundle, 'rootfs');
  await mkdir(rootfs, { mode: 0o755 });
  const max = opts.maxSize ?? defaultMaxBundleSize;
  const budget = { remaining: max, max };

  const result: BundleResult = {
    manifestDigest: entry.digest,
    configDigest: manifest.config.digest,
    layers: [],
    skipped: [],
    warnings: [],
    bytesWritten: 0,
  };
  const paths: string[] = layers.map((l, i) => {
    if (layerCompression(String(l?.mediaType)) === undefined)
      throw new BundleError(
        `layer ${i}: media type ${JSON.stringify(l?.mediaType)} is not a layer type this tool applies`,
      );
    const bp = blobPathOf(l.digest);
    if (!bp || !src.blobs.has(bp)) throw new BundleError(`layer ${i}: blob ${bp ?? l.digest} is missing`);
    return bp;
  });
  const apply = async (i: number, data: AsyncIterable<Buffer>): Promise<void> => {
    const l = layers[i];
    const applied = await applyLayer(rootfs, data, {
      declared: layerCompression(String(l.mediaType)),
      digestAlgorithm: parseDigest(l.digest).algorithm,
      diffIdAlgorithm:
        typeof diffIds[i] === 'string' ? parseDigest(diffIds[i] as string).algorithm : 'sha256',
      budget,
    });
    const s = applied.scan;
    if (s.error) throw new BundleError(`layer ${i} (${l.digest}): ${s.error.message}`);
    if (s.tar.error) throw new BundleError(`layer ${i} (${l.digest}): ${s.tar.error.message}`);
    if (s.compressedDigest !== undefined && s.compressedDigest !== l.digest)
      throw new BundleError(
        `layer ${i}: expected digest ${l.digest} but the blob hashes to ${s.compressedDigest}`,
      );
    if (s.uncompressedDigest !== undefined && s.uncompressedDigest !== diffIds[i])
      throw new BundleError(
        `layer ${i}: expected diff_id ${String(diffIds[i])} but it decompresses to ${s.uncompressedDigest}`,
      );
    result.layers.push({ digest: l.digest, diffId: s.uncompressedDigest, entries: s.tar.entries });
    for (const k of applied.skipped) result.skipped.push({ layer: l.digest, ...k });
  };
  // Layers apply in manifest order. One pass over the container applies every layer that comes up
  // in order; an archive that stores them out of order costs one more pass per break in the order.
  let next = 0;
  while (next < paths.length) {
    const before = next;
    let failure: unknown;
    await src.streamBlobs(new Set(paths.slice(next)), async (p, data) => {
      if (failure !== undefined || p !== paths[next]) return; // left unread: the next pass takes it
      try {
        await apply(next, data);
        next++; // a blob repeated later in the manifest comes up again in the next pass
      } catch (e) {
        failure = e;
      }
    });
    if (failure !== undefined) throw failure;
    if (next === before) throw new BundleError(`layer ${next}: blob ${paths[next]} could not be read`);
  }
  const converted = convertConfig(config, rootfs, opts.args ? { args: opts.args } : {});
  result.warnings.push(...converted.warnings);
  result.bytesWritten = max - budget.remaining;
  await writeFile(join(bundle, 'config.json'), JSON.stringify(converted.config, null, 2) + '\n');
  return result;
}
