// validate-image on one 500 MB (uncompressed) layer, against the cost of just reading it: `gzip -dc`
// for a gzip layer, `zstd -dc` for a zstd layer, a bare Node sha256 stream for an uncompressed one;
// plus the peak memory of the validating process. The layers are generated here and deleted after.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { mt } from '../harness/image/media-types.js';
import type { BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = Number(process.env.IMAGE_BENCH_BYTES ?? 500 * 1024 * 1024);
const ROUNDS = 3;

/** Deterministic content: files of mixed sizes, half xorshift noise, half repeated text. */
async function writeLayerTar(path: string, total: number): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  let written = 0;
  let seed = 0x9e3779b9;
  const text = Buffer.from('the quick brown fox jumps over the lazy dog 0123456789\n'.repeat(2048));
  const write = async (b: Buffer) => {
    written += b.length;
    if (!out.write(b)) await once(out, 'drain');
  };
  const header = (name: string, size: number, type = '0'): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const c of h) sum += c;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    return h;
  };
  let i = 0;
  while (written < total - 8192) {
    if (i % 100 === 0) await write(header(`d${i / 100}/`, 0, '5'));
    seed = (seed ^ (seed << 13)) >>> 0;
    seed = (seed ^ (seed >>> 17)) >>> 0;
    seed = (seed ^ (seed << 5)) >>> 0;
    const size = Math.min(4096 + (seed % (4 << 20)), total - written - 4096);
    if (size <= 0) break;
    await write(header(`d${Math.floor(i / 100)}/f${i}`, size));
    const body = Buffer.allocUnsafe(size);
    const words = new Uint32Array(body.buffer, body.byteOffset, Math.floor(size / 8));
    let s = seed;
    for (let k = 0; k < words.length; k++) {
      s = (s ^ (s << 13)) >>> 0;
      s = (s ^ (s >>> 17)) >>> 0;
      s = (s ^ (s << 5)) >>> 0;
      words[k] = s;
    }
    for (let k = words.length * 4; k < size; k += text.length)
      text.copy(body, k, 0, Math.min(text.length, size - k));
    await write(body);
    await write(Buffer.alloc((512 - (size % 512)) % 512));
    i++;
  }
  await write(Buffer.alloc(1024));
  out.end();
  await once(out, 'close');
}

/** One tar header block: an empty file ('0'), a directory ('5') or a symlink ('2') to `link`. */
function emptyEntry(name: string, type: '0' | '5' | '2' = '0', link = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write('00000000000\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  if (link) h.write(link, 157, 'utf8');
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const c of h) sum += c;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/**
 * The layers of a many-layer image: layer i adds `perLayer` empty files spread over 200 directories and
 * a symlink, and (from layer 1) whites out, first in their directories, 20 files of the layer below.
 * `single` writes the same files as one layer instead (the baseline), without the whiteouts.
 */
async function writeStackLayers(
  dir: string,
  layers: number,
  perLayer: number,
  single: boolean,
): Promise<string[]> {
  const paths: string[] = [];
  const open = (i: number) => {
    const p = join(dir, `layer-${i}.tar`);
    paths.push(p);
    return createWriteStream(p, { highWaterMark: 4 << 20 });
  };
  let out = open(0);
  for (let i = 0; i < layers; i++) {
    if (i > 0 && !single) {
      out.end(Buffer.alloc(1024));
      await once(out, 'close');
      out = open(i);
    }
    const parts: Buffer[] = [];
    if (i > 0 && !single) for (let k = 0; k < 20; k++) parts.push(emptyEntry(`d${k}/.wh.l${i - 1}-f${k}`));
    for (let k = 0; k < perLayer; k++) parts.push(emptyEntry(`d${k % 200}/l${i}-f${k}`));
    parts.push(emptyEntry(`link${i}`, '2', `d${i % 200}`));
    if (!out.write(Buffer.concat(parts))) await once(out, 'drain');
  }
  out.end(Buffer.alloc(1024));
  await once(out, 'close');
  return paths;
}

/** A layout holding one image of the uncompressed layer tars at `blobs` (moved in), bottom first. */
async function layoutOfLayers(dir: string, blobs: string[]): Promise<void> {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const layers: { mediaType: string; digest: string; size: number }[] = [];
  for (const b of blobs) {
    const digest = await sha256File(b);
    layers.push({ mediaType: mt.layerTar, digest, size: statSync(b).size });
    renameSync(b, join(dir, 'blobs', 'sha256', digest.slice(7)));
  }
  const put = (v: unknown) => {
    const b = Buffer.from(JSON.stringify(v));
    const d = createHash('sha256').update(b).digest('hex');
    writeFileSync(join(dir, 'blobs', 'sha256', d), b);
    return { digest: `sha256:${d}`, size: b.length };
  };
  const config = put({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    config: { Cmd: ['/x'] },
  });
  const manifest = put({
    schemaVersion: 2,
    mediaType: mt.manifest,
    config: { mediaType: mt.config, ...config },
    layers,
  });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mt.index,
      manifests: [{ mediaType: mt.manifest, ...manifest }],
    }),
  );
}

/** A tar of `n` empty files (one header block each): the "million tiny entries" case. */
async function writeManyEntriesTar(path: string, n: number): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  const block = (name: string): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write('00000000000\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const c of h) sum += c;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    return h;
  };
  for (let i = 0; i < n; i += 4096) {
    const parts: Buffer[] = [];
    for (let k = i; k < Math.min(n, i + 4096); k++) parts.push(block(`d${k % 997}/entry-${k}`));
    if (!out.write(Buffer.concat(parts))) await once(out, 'drain');
  }
  out.end(Buffer.alloc(1024));
  await once(out, 'close');
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return `sha256:${h.digest('hex')}`;
}

/** A layout holding one image whose only layer is the file at `blob`. */
async function layoutWith(dir: string, blob: string, mediaType: string, diffId: string): Promise<void> {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const digest = await sha256File(blob);
  const size = statSync(blob).size;
  renameSync(blob, join(dir, 'blobs', 'sha256', digest.slice(7)));
  const put = (v: unknown) => {
    const b = Buffer.from(JSON.stringify(v));
    const d = createHash('sha256').update(b).digest('hex');
    writeFileSync(join(dir, 'blobs', 'sha256', d), b);
    return { digest: `sha256:${d}`, size: b.length };
  };
  const config = put({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [diffId] },
    config: { Cmd: ['/x'] },
  });
  const manifest = put({
    schemaVersion: 2,
    mediaType: mt.manifest,
    config: { mediaType: mt.config, ...config },
    layers: [{ mediaType, digest, size }],
  });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mt.index,
      manifests: [{ mediaType: mt.manifest, ...manifest }],
    }),
  );
}

function layerBlob(dir: string): string {
  const idx = JSON.parse(execFileSync('cat', [join(dir, 'index.json')], { encoding: 'utf8' }));
  const m = JSON.parse(
    execFileSync('cat', [join(dir, 'blobs', 'sha256', idx.manifests[0].digest.slice(7))], {
      encoding: 'utf8',
    }),
  );
  return join(dir, 'blobs', 'sha256', m.layers[0].digest.slice(7));
}

/**
 * Run validateImage in a child process: wall time of the call and the child's peak RSS. The child
 * first validates a tiny image so that module loading, JIT warm-up and schema compilation (fixed
 * costs, paid once per process) are not counted as per-byte cost.
 */
function validateInChild(dir: string): { ms: number; maxRssMb: number; errors: number } {
  const script = `
    import { validateImage } from ${JSON.stringify(join(here, '..', 'harness', 'image', 'validate.ts'))};
    import { LayoutBuilder, makeTar, tempDir } from ${JSON.stringify(join(here, '..', 'harness', 'image', 'testing.ts'))};
    import { imageRules as rules } from ${JSON.stringify(join(here, '..', 'suites', 'image', 'index.ts'))};
    const warm = await tempDir();
    const b = new LayoutBuilder();
    b.image([makeTar([{ name: 'a', data: 'x' }])]);
    await validateImage(await b.write(warm.dir), { rules });
    await warm.remove();
    const t0 = performance.now();
    const r = await validateImage(${JSON.stringify(dir)}, { rules });
    const ms = performance.now() - t0;
    const errors = r.cases.flatMap((c) => c.findings).filter((f) => f.level === 'must').length + r.errors.length;
    process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, errors }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: join(here, '..'),
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out);
}

function timeShell(cmd: string): number {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', cmd], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} failed with ${r.status}`);
  return performance.now() - t0;
}

async function timeNodeSha256(path: string): Promise<number> {
  const t0 = performance.now();
  await sha256File(path);
  return performance.now() - t0;
}

function best<T extends { ms: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/**
 * A many-layer image (the checks across layers keep each layer's path keys, directory names, symlinks
 * and whiteouts) against the same files in one layer: the cost and memory of judging layers together.
 */
async function manyLayers(tmp: string): Promise<BenchResult[]> {
  const layers = Number(process.env.IMAGE_BENCH_LAYERS ?? 100);
  const perLayer = 5000;
  const stack = join(tmp, 'stack');
  const flat = join(tmp, 'flat');
  mkdirSync(join(tmp, 'gen-stack'), { recursive: true });
  mkdirSync(join(tmp, 'gen-flat'), { recursive: true });
  await layoutOfLayers(stack, await writeStackLayers(join(tmp, 'gen-stack'), layers, perLayer, false));
  await layoutOfLayers(flat, await writeStackLayers(join(tmp, 'gen-flat'), layers, perLayer, true));
  const s: ReturnType<typeof validateInChild>[] = [];
  const b: ReturnType<typeof validateInChild>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    b.push(validateInChild(flat));
    s.push(validateInChild(stack));
  }
  const sb = best(s);
  const bb = best(b);
  if (sb.errors !== 0 || bb.errors !== 0)
    throw new Error('image.validate.many-layers: the generated images have errors');
  const entries = layers * perLayer;
  return [
    {
      name: 'image.validate.many-layers',
      description: `validate-image on ${layers} layers of ${perLayer} files (checks across layers) vs the same ${entries} files in one layer`,
      ratio: sb.ms / bb.ms,
      subject: { label: `validateImage, ${layers} layers`, value: sb.ms, unit: 'ms' },
      baseline: { label: 'validateImage, one layer', value: bb.ms, unit: 'ms' },
      extra: {
        'entries/s': entries / (sb.ms / 1000),
        'peak RSS MB': Math.max(...s.map((x) => x.maxRssMb)),
        'peak RSS MB, one layer': Math.max(...b.map((x) => x.maxRssMb)),
      },
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const tmp = await mkdtemp(join(tmpdir(), 'oci-image-bench-'));
  const results: BenchResult[] = [];
  // IMAGE_BENCH_CASES=layers runs only the many-layer case (the big single layers take minutes)
  if (process.env.IMAGE_BENCH_CASES === 'layers') {
    try {
      return await manyLayers(tmp);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  try {
    results.push(...(await manyLayers(tmp)));
    const tar = join(tmp, 'layer.tar');
    await writeLayerTar(tar, SIZE);
    const diffId = await sha256File(tar);
    const mb = statSync(tar).size / 1e6;
    execFileSync('sh', ['-c', `gzip -1 -c ${tar} > ${tar}.gz && zstd -q -3 -T2 -c ${tar} > ${tar}.zst`]);

    const cases: {
      name: string;
      file: string;
      media: string;
      baseline: string | 'node-sha256';
      label: string;
      target: number;
    }[] = [
      {
        name: 'image.validate.gzip',
        file: `${tar}.gz`,
        media: mt.layerGzip,
        baseline: 'gzip -dc',
        label: 'gzip -dc FILE >/dev/null',
        target: 1.2,
      },
      {
        name: 'image.validate.zstd',
        file: `${tar}.zst`,
        media: mt.layerZstd,
        baseline: 'zstd -dc',
        label: 'zstd -dc FILE >/dev/null',
        target: 1.2,
      },
      {
        name: 'image.validate.tar',
        file: tar,
        media: mt.layerTar,
        baseline: 'node-sha256',
        label: 'Node sha256 stream of the same bytes',
        target: 1.5,
      },
    ];
    // The digest of the uncompressed bytes alone is a floor no validator can go under: where the
    // decompressor outruns Node's sha256 (zstd on compressible data), the 1.2 target is out of reach.
    const shaUncompressed = Math.min(await timeNodeSha256(tar), await timeNodeSha256(tar));
    let peak = 0;
    for (const c of cases) {
      const dir = join(tmp, c.name);
      await layoutWith(dir, c.file, c.media, diffId);
      const blob = layerBlob(dir);
      const base: number[] = [];
      const subj: { ms: number; maxRssMb: number; errors: number }[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        base.push(
          c.baseline === 'node-sha256'
            ? await timeNodeSha256(blob)
            : timeShell(`${c.baseline} ${blob} >/dev/null`),
        );
        subj.push(validateInChild(dir));
      }
      const s = best(subj);
      const b = Math.min(...base);
      peak = Math.max(peak, ...subj.map((x) => x.maxRssMb));
      if (s.errors !== 0) throw new Error(`${c.name}: the generated image has ${s.errors} errors`);
      results.push({
        name: c.name,
        description: `validate-image on one ${mb.toFixed(0)} MB layer vs ${c.label}`,
        ratio: s.ms / b,
        subject: { label: 'validateImage', value: s.ms, unit: 'ms' },
        baseline: { label: c.label, value: b, unit: 'ms' },
        target: { text: `ratio <= ${c.target}`, met: s.ms / b <= c.target },
        extra: {
          'uncompressed MB/s': mb / (s.ms / 1000),
          'peak RSS MB': Math.max(...subj.map((x) => x.maxRssMb)),
          ...(c.baseline === 'node-sha256'
            ? {}
            : {
                'floor ratio (Node sha256 of the uncompressed bytes alone vs baseline)': shaUncompressed / b,
              }),
        },
      });
    }
    // A million tiny entries: bounded time (linear) and memory (path keys, capped problem lists).
    {
      const many = join(tmp, 'many.tar');
      await writeManyEntriesTar(many, 1_000_000);
      const dir = join(tmp, 'many');
      await layoutWith(dir, many, mt.layerTar, await sha256File(many));
      const blob = layerBlob(dir);
      const b = await timeNodeSha256(blob);
      const s = validateInChild(dir);
      peak = Math.max(peak, s.maxRssMb);
      results.push({
        name: 'image.validate.many-entries',
        description:
          'validate-image on a layer of 1,000,000 empty files vs a Node sha256 stream of the same bytes',
        ratio: s.ms / b,
        subject: { label: 'validateImage', value: s.ms, unit: 'ms' },
        baseline: { label: 'Node sha256 stream of the same bytes', value: b, unit: 'ms' },
        extra: { 'entries/s': 1_000_000 / (s.ms / 1000), 'peak RSS MB': s.maxRssMb },
      });
    }
    results.push({
      name: 'image.validate.memory',
      description: 'peak RSS of a process validating each image above',
      ratio: peak / 200,
      subject: { label: 'peak RSS', value: peak, unit: 'MB' },
      baseline: { label: 'target', value: 200, unit: 'MB' },
      target: { text: 'peak RSS < 200 MB', met: peak < 200 },
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return results;
}
