// The layer scan's digests, sizes and entries for tar, gzip and zstd layers read in one pass, with
// chunk boundaries that do not line up with tar blocks.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { digestOf } from './digest.js';
import { scanLayer } from './layer-scan.js';
import { makeTar } from './testing.js';

const hasZstd = spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;

function chunks(b: Buffer, size = (1 << 20) + 333): AsyncIterable<Buffer> {
  return (async function* () {
    for (let i = 0; i < b.length; i += size) yield Buffer.from(b.subarray(i, i + size));
  })();
}

const big = Buffer.alloc(24 << 20);
for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE((i * 2654435761) >>> 0, i);
const tar = makeTar([
  { name: 'a/', type: 'dir' },
  { name: 'a/big', data: big },
  { name: 'a/small', data: 'x' },
]);

describe('scanLayer', () => {
  const forms: [string, Buffer, 'none' | 'gzip' | 'zstd'][] = [
    ['tar', tar, 'none'],
    ['gzip', gzipSync(tar, { level: 1 }), 'gzip'],
  ];
  if (hasZstd)
    forms.push([
      'zstd',
      execFileSync('zstd', ['-q', '-1', '-c'], { input: tar, maxBuffer: 1 << 28 }),
      'zstd',
    ]);
  for (const [name, blob, declared] of forms) {
    it(`${name}: compressed and uncompressed digests, sizes and entries`, async () => {
      for (const size of [(1 << 20) + 333, 65536]) {
        const s = await scanLayer(chunks(blob, size), { declared });
        expect(s.error).toBeUndefined();
        expect(s.compressedDigest).toBe(digestOf(blob));
        expect(s.compressedSize).toBe(blob.length);
        expect(s.uncompressedDigest).toBe(digestOf(tar));
        expect(s.uncompressedSize).toBe(tar.length);
        expect(s.tar.entries).toBe(3);
        expect(s.tar.ended).toBe(true);
      }
    });
  }
  it('sha512 digests and diff_ids', async () => {
    const s = await scanLayer(chunks(gzipSync(tar, { level: 1 })), {
      declared: 'gzip',
      digestAlgorithm: 'sha512',
      diffIdAlgorithm: 'sha512',
    });
    expect(s.uncompressedDigest).toBe(digestOf(tar, 'sha512'));
  });
});
