// The rule across layers through validate-image: a two-layer image whose upper layer whites out a path
// no lower layer has, hides nothing with an opaque whiteout, and writes through a lower symlink. Asserts
// rule ids, levels and where each finding points (the upper layer's blob, the entry path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LayoutBuilder, makeTar, tempDir } from '../../harness/image/testing.js';
import { validateImage } from '../../harness/image/validate.js';
import { imageRules } from './index.js';

let root: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  root = await tempDir('oci-image-stack-');
});
afterAll(async () => {
  await root.remove();
});

const lower = makeTar([
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' },
  { name: 'usr/lib/libc.so', data: 'x' },
  { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
]);

async function across(layers: Buffer[], name: string) {
  const b = new LayoutBuilder();
  const { manifest } = b.image(layers);
  const dir = await b.write(join(root.dir, name));
  const r = await validateImage(dir, { rules: imageRules });
  const hits = r.cases
    .flatMap((c) => c.findings)
    .filter((f) => f.rule === 'image.layers.across')
    .map((f) => {
      const l = f.location as { kind: string; file: string; path?: string };
      return { level: f.level, file: l.file, path: l.path };
    });
  return { hits, manifest };
}

describe("'image.layers.across'", () => {
  it('a clean upper layer gives nothing', async () => {
    const upper = makeTar([{ name: 'etc/.wh.passwd' }, { name: 'etc/group', data: 'root:x:0:\n' }]);
    expect((await across([lower, upper], 'clean')).hits).toEqual([]);
  });
  it('reports each problem at the upper layer entry, with its level', async () => {
    const upper = makeTar([
      { name: 'etc/.wh.shadow' },
      { name: 'srv/.wh..wh..opq' },
      { name: 'lib/libm.so', data: 'x' },
    ]);
    const { hits, manifest } = await across([lower, upper], 'broken');
    const file = `blobs/sha256/${String(manifest.layers[1].digest).slice('sha256:'.length)}`;
    expect(hits).toEqual([
      { level: 'hazard', file, path: 'etc/.wh.shadow' },
      { level: 'info', file, path: 'srv/.wh..wh..opq' },
      { level: 'hazard', file, path: 'lib/libm.so' },
    ]);
  });
});
