// Fuzzing the tar walker and the layer scan of validate-image: mutated real tars (ustar, PAX, GNU long
// names, links, devices, sparse) fed in random chunks never make the walker throw, and give the same
// entries and error as the same bytes fed at once; a gzip layer scan of mutated bytes always returns.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { TarWalker, type TarEntry } from './tar.js';
import { scanLayer } from './layer-scan.js';
import { makeTar } from './testing.js';
import { fuzzRuns, fuzzTimeout, guarded, guardedAsync, mutated, regressions } from '../../test/fuzz/fuzz.js';

const target = 'tar-walk';
const scanTarget = 'layer-scan';

/** Tars from GNU tar in each format it writes, plus our own builder's hostile entries. */
function seeds(): Buffer[] {
  const out: Buffer[] = [
    makeTar([
      { name: 'etc/', type: 'dir' },
      { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' },
      { name: 'a'.repeat(150), data: 'long name through PAX' },
      { name: 'l', type: 'symlink', linkname: '../../etc' },
      { name: 'h', type: 'hardlink', linkname: 'etc/passwd' },
      { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3 },
      { name: 'f', type: 'fifo' },
      { name: 'sp', type: 'S', data: 'sparse' },
      { name: 'a/.wh..wh..opq' },
      { name: Buffer.from([0x66, 0xff, 0xfe]), data: 'not utf-8' },
    ]),
    makeTar([{ name: 'x', data: Buffer.alloc(1500, 7) }], { end: false }),
  ];
  const has = spawnSync('tar', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!has) return out;
  const dir = mkdtempSync(join(tmpdir(), 'oci-fuzz-tar-'));
  try {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'd'.repeat(120), 'e'), { recursive: true });
    writeFileSync(join(src, 'd'.repeat(120), 'e', 'f'.repeat(110)), 'deep');
    writeFileSync(join(src, 'small'), 'x'.repeat(700));
    symlinkSync('l'.repeat(130), join(src, 'longlink'));
    for (const format of ['gnu', 'pax', 'ustar', 'v7']) {
      const file = join(dir, `${format}.tar`);
      const r = spawnSync('tar', ['-C', src, `--format=${format}`, '-cf', file, '.'], { stdio: 'ignore' });
      if (r.status === 0) out.push(readFileSync(file));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function walk(bytes: Buffer, cuts: number[]): { entries: TarEntry[]; walker: TarWalker } {
  const entries: TarEntry[] = [];
  let data = 0;
  const walker = new TarWalker({
    entry: (e) => entries.push(e),
    data: (c) => {
      data += c.length;
    },
  });
  let at = 0;
  for (const c of [...cuts.map((f) => Math.floor(f * bytes.length)).sort((a, b) => a - b), bytes.length]) {
    if (c < at) continue;
    walker.write(bytes.subarray(at, c));
    at = c;
  }
  walker.end();
  if (data > bytes.length) throw new Error(`data handler saw ${data} bytes of a ${bytes.length}-byte input`);
  return { entries, walker };
}

function summary(r: { entries: TarEntry[]; walker: TarWalker }): string {
  return JSON.stringify({
    entries: r.entries,
    error: r.walker.error,
    ended: r.walker.ended,
    trailing: r.walker.trailing,
    position: r.walker.position,
  });
}

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 6 });

// One target, two properties: the walker takes 4/5 of the runs, the slower full layer scan 1/5.
const total = fuzzRuns(1800);
const scanRuns = Math.ceil(total / 5);

describe('fuzz: tar walker', () => {
  const runs = total - scanRuns;
  const all = seeds();
  // the chunking is part of the input: it is encoded in front of the tar bytes for the fixtures
  const prop = guarded(target, (b) => {
    const n = b[0] ?? 0;
    const cuts = Array.from({ length: Math.min(n, 6) }, (_, i) => (b[1 + i] ?? 0) / 256);
    const tar = b.subarray(1 + Math.min(n, 6));
    const whole = walk(tar, []);
    const chunked = walk(tar, cuts);
    if (whole.entries.length > tar.length / 512)
      throw new Error(`${whole.entries.length} entries from ${tar.length} bytes`);
    if (summary(whole) !== summary(chunked))
      throw new Error('fed in chunks, the walk differs from the walk of the same bytes at once');
  });
  const encode = (tar: Buffer, cuts: number[]) =>
    Buffer.concat([Buffer.from([cuts.length, ...cuts.map((c) => Math.floor(c * 256))]), tar]);

  it('replays every input that failed before', () => {
    for (const r of regressions(target)) prop(r.bytes);
  });

  it(
    'mutated real tars fed in random chunks',
    () => {
      fc.assert(
        fc.property(fc.tuple(mutated(all), cutsArb), ([tar, cuts]) => prop(encode(tar, cuts))),
        { numRuns: runs },
      );
    },
    fuzzTimeout(runs, 3),
  );
});

describe('fuzz: layer scan (gzip, tar, digests)', () => {
  const runs = scanRuns;
  const gz = seeds().map((t) => gzipSync(t));
  const prop = guardedAsync(scanTarget, async (b) => {
    const declared = (b[0] ?? 0) % 2 === 0 ? ('gzip' as const) : ('none' as const);
    const body = b.subarray(1);
    const scan = await scanLayer(
      (async function* () {
        for (let i = 0; i < body.length; i += 333) yield body.subarray(i, i + 333);
      })(),
      { declared, maxUncompressedBytes: 1 << 20 },
    );
    if (scan.error === undefined && scan.used === 'gzip' && scan.compressedSize !== body.length)
      throw new Error(`read ${scan.compressedSize} of ${body.length} compressed bytes without an error`);
  });

  it('replays every input that failed before', async () => {
    for (const r of regressions(scanTarget)) await prop(r.bytes);
  });

  it(
    'mutated gzip layers and mutated tars inside good gzip',
    async () => {
      const arb = fc.oneof(
        fc.tuple(fc.nat(1), mutated(gz)).map(([d, b]) => Buffer.concat([Buffer.from([d]), b])),
        fc.tuple(fc.nat(1), mutated(seeds())).map(([d, t]) => Buffer.concat([Buffer.from([d]), gzipSync(t)])),
      );
      await fc.assert(fc.asyncProperty(arb, prop), { numRuns: runs });
    },
    fuzzTimeout(runs, 20),
  );
});
