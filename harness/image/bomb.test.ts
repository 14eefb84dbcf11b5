// A gzip bomb layer (a tar of one zero-filled file, ~1000:1) is scanned by validate-image in one
// streaming pass with bounded memory, to the end or to the layer limit; the numbers for larger bombs
// come from bench/gzip-bomb.ts with /usr/bin/time -v (DEVELOPERS.md).
import { describe, expect, it } from 'vitest';
import { validateSource } from './validate.js';
import { mt } from './media-types.js';
import { gzipBomb, LayoutBuilder, makeTar } from './testing.js';

function bombImage(size: number, diffId: boolean): { b: LayoutBuilder; diffId: string | undefined } {
  const bomb = gzipBomb(size, { diffId });
  const b = new LayoutBuilder();
  b.image([makeTar([{ name: 'etc/', type: 'dir' }])], {
    config: (c) => c.rootfs.diff_ids.push(bomb.diffId ?? `sha256:${'0'.repeat(64)}`),
    manifest: (m) => m.layers.push(b.blob(mt.layerGzip, bomb.blob)),
  });
  return { b, diffId: bomb.diffId };
}

/** Runs `f` while sampling resident memory; returns its result and the peak growth. */
async function peakGrowth<T>(f: () => Promise<T>): Promise<{ value: T; grown: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await f();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, grown: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe('gzip bomb layers', () => {
  it('a 160 MiB bomb of about 170 KB is read to the end with the right diff_id and bounded memory', async () => {
    const size = 160 << 20;
    const { b, diffId } = bombImage(size, true);
    const blobBytes = [...b.blobs.values()].reduce((n, x) => n + x.length, 0);
    expect(blobBytes).toBeLessThan(512 << 10);
    const { value: r, grown } = await peakGrowth(() => validateSource(b.source(), { rules: [] }));
    const scan = [...r.scans.values()].find((s) => s.uncompressedSize > size)!;
    expect(scan.error).toBeUndefined();
    expect(scan.uncompressedSize).toBe(512 + size + 1024);
    expect(scan.uncompressedDigest).toBe(diffId);
    expect(scan.tar.entries).toBe(1);
    // streaming: the inflated bytes are never held (they are 160 MiB; the bound is half of that)
    expect(grown).toBeLessThan(80 << 20);
  });

  it('stops at the layer limit with a limit error, having read no further than it', async () => {
    const { b } = bombImage(160 << 20, false);
    const limit = 16 << 20;
    const { value: r, grown } = await peakGrowth(() =>
      validateSource(b.source(), { rules: [], maxUncompressedBytes: limit }),
    );
    const scan = [...r.scans.values()].find((s) => s.error)!;
    expect(scan.error?.code).toBe('limit');
    expect(scan.uncompressedSize).toBeLessThan(limit + (1 << 20));
    expect(scan.uncompressedDigest).toBeUndefined();
    expect(grown).toBeLessThan(80 << 20);
  });
});
