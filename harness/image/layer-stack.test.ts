// The checks across layers on fixture layers: each tar is walked by the real layer model, then the
// stack is judged. Asserts codes, layers and paths.
import { describe, expect, it } from 'vitest';
import { LayerModel, type LayerChanges } from './layer-model.js';
import { stackProblems } from './layer-stack.js';
import { TarWalker } from './tar.js';
import { makeTar, type RawEntry } from './testing.js';

function changes(entries: RawEntry[]): LayerChanges {
  const m = new LayerModel();
  const w = new TarWalker({ entry: (e) => m.entry(e) });
  w.write(makeTar(entries));
  m.finish();
  return m.changes();
}
const codes = (layers: RawEntry[][]) =>
  stackProblems(layers.map(changes)).problems.map((p) => `${p.code}@${p.layer}:${p.path}`);

const base: RawEntry[] = [
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'x' },
  { name: 'usr/lib/libc.so', data: 'x' },
  { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
];

describe('stackProblems', () => {
  it('a whiteout of a path a lower layer has (a file, or a directory only implied by its entries) is fine', () => {
    expect(codes([base, [{ name: 'etc/.wh.passwd' }, { name: 'usr/.wh.lib' }]])).toEqual([]);
  });
  it('a whiteout of a path no lower layer has', () => {
    expect(codes([base, [{ name: 'etc/.wh.shadow' }]])).toEqual(['whiteout-no-lower@1:etc/.wh.shadow']);
  });
  it('a whiteout of a path a middle layer already removed, and one of a path re-added since', () => {
    const removeEtc = [{ name: '.wh.etc' }];
    expect(codes([base, removeEtc, [{ name: 'etc/.wh.passwd' }]])).toEqual([
      'whiteout-no-lower@2:etc/.wh.passwd',
    ]);
    expect(
      codes([base, removeEtc, [{ name: 'etc/passwd', data: 'y' }], [{ name: 'etc/.wh.passwd' }]]),
    ).toEqual([]);
  });
  it('an opaque whiteout hides what lower layers put under its directory, unless they were removed', () => {
    expect(codes([base, [{ name: 'etc/.wh..wh..opq' }]])).toEqual([]);
    expect(codes([base, [{ name: 'srv/.wh..wh..opq' }]])).toEqual([
      'opaque-hides-nothing@1:srv/.wh..wh..opq',
    ]);
    expect(codes([base, [{ name: 'etc/.wh..wh..opq' }], [{ name: 'etc/.wh..wh..opq' }]])).toEqual([
      'opaque-hides-nothing@2:etc/.wh..wh..opq',
    ]);
  });
  it('entries under a lower layer symlink; a directory entry replacing the link first is fine', () => {
    expect(codes([base, [{ name: 'lib/libm.so', data: 'x' }]])).toEqual([
      'through-lower-symlink@1:lib/libm.so',
    ]);
    expect(
      codes([
        base,
        [
          { name: 'lib/', type: 'dir' },
          { name: 'lib/libm.so', data: 'x' },
        ],
      ]),
    ).toEqual([]);
    expect(codes([base, [{ name: '.wh.lib' }], [{ name: 'lib/libm.so', data: 'x' }]])).toEqual([]);
  });
  it('judges nothing above a layer that could not be scanned', () => {
    const l = [changes(base), undefined, changes([{ name: 'etc/.wh.none' }])];
    expect(stackProblems(l).problems).toEqual([]);
  });
  it('keeps at most 50 problems a code and counts the rest', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ name: `etc/.wh.gone${i}` }));
    const r = stackProblems([changes(base), changes(many)]);
    expect(r.problems).toHaveLength(50);
    expect(r.counts['whiteout-no-lower']).toBe(60);
  });
});

describe('whiteouts before siblings (one layer)', () => {
  it('a whiteout after another entry of its directory is a problem; before it, or in another directory, is not', () => {
    const m = (entries: RawEntry[]) => {
      const x = new LayerModel();
      new TarWalker({ entry: (e) => x.entry(e) }).write(makeTar(entries));
      return x.problems.filter((p) => p.code === 'whiteout-after-sibling').map((p) => p.path);
    };
    expect(m([{ name: 'etc/.wh.a' }, { name: 'etc/b', data: 'x' }, { name: 'usr/.wh.c' }])).toEqual([]);
    expect(m([{ name: 'etc/b', data: 'x' }, { name: 'etc/.wh.a' }, { name: 'etc/.wh..wh..opq' }])).toEqual([
      'etc/.wh.a',
      'etc/.wh..wh..opq',
    ]);
  });
});
