// The tar walker: the same entries whatever the chunk boundaries, PAX and GNU long names, base-256
// sizes, corrupt and truncated headers.
import { describe, expect, it } from 'vitest';
import { TarWalker, type TarEntry } from './tar.js';
import { makeTar } from './testing.js';

function walk(
  tar: Buffer,
  chunk = tar.length,
): { entries: TarEntry[]; data: Map<string, string>; w: TarWalker } {
  const entries: TarEntry[] = [];
  const data = new Map<string, string>();
  const w = new TarWalker({
    entry: (e) => entries.push(e),
    data: (c, e) => data.set(e.path, (data.get(e.path) ?? '') + c.toString()),
  });
  for (let i = 0; i < tar.length; i += chunk) w.write(tar.subarray(i, i + chunk));
  w.end();
  return { entries, data, w };
}

const long = 'd/' + 'x'.repeat(150) + '/file';
const sample = makeTar([
  { name: 'a/', type: 'dir' },
  { name: 'a/f', data: 'hello world' },
  { name: long, data: 'long' },
  { name: 'a/l', type: 'symlink', linkname: 'f' },
  { name: 'a/h', type: 'hardlink', linkname: 'a/f' },
  { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3 },
]);

describe('TarWalker', () => {
  it('reads entries, PAX long names and data identically for any chunk size', () => {
    const whole = walk(sample);
    expect(whole.entries.map((e) => [e.path, e.type])).toEqual([
      ['a/', 'directory'],
      ['a/f', 'file'],
      [long, 'file'],
      ['a/l', 'symlink'],
      ['a/h', 'hardlink'],
      ['dev/null', 'char'],
    ]);
    expect(whole.data.get('a/f')).toBe('hello world');
    expect(whole.data.get(long)).toBe('long');
    expect(whole.w.ended).toBe(true);
    for (const size of [1, 7, 511, 513, 1000]) {
      const r = walk(sample, size);
      expect(r.entries.map((e) => [e.path, e.type, e.size, e.offset])).toEqual(
        whole.entries.map((e) => [e.path, e.type, e.size, e.offset]),
      );
      expect(r.data).toEqual(whole.data);
    }
  });

  it('reads GNU long names (type L) and base-256 sizes', () => {
    const name = 'g/' + 'y'.repeat(200);
    const body = Buffer.from(name + '\0');
    const tar = makeTar([
      { name: '././@LongLink', data: body },
      { name: 'short', data: 'z' },
    ]);
    tar[156] = 'L'.charCodeAt(0); // turn the first header into a GNU long-name header
    fixChecksum(tar, 0);
    const second = 512 + Math.ceil(body.length / 512) * 512;
    tar.fill(0, second + 124, second + 136);
    tar[second + 124] = 0x80;
    tar[second + 135] = 1; // base-256 size 1
    fixChecksum(tar, second);
    const r = walk(tar);
    expect(r.entries.map((e) => [e.path, e.size])).toEqual([[name, 1]]);
  });

  it('reports a bad checksum, a truncated stream, and a missing end marker', () => {
    const bad = Buffer.from(sample);
    bad[10] = bad[10]! ^ 1;
    expect(walk(bad).w.error?.code).toBe('tar.checksum');
    expect(walk(sample.subarray(0, 600)).w.error?.code).toBe('tar.truncated');
    const open = makeTar([{ name: 'a', data: 'x' }], { end: false });
    const r = walk(open);
    expect(r.w.error).toBeUndefined();
    expect(r.w.missingEndMarker).toBe(true);
  });

  it('refuses an extension header larger than the bound instead of buffering it', () => {
    const tar = makeTar([{ name: 'p', data: Buffer.alloc(8) }]);
    tar[156] = 'x'.charCodeAt(0);
    tar.write('77777777777\0', 124, 'latin1');
    fixChecksum(tar, 0);
    expect(walk(tar).w.error?.code).toBe('tar.extension-too-large');
  });
});

function fixChecksum(tar: Buffer, at: number): void {
  tar.write('        ', at + 148, 'latin1');
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += tar[i]!;
  tar.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 'latin1');
}
