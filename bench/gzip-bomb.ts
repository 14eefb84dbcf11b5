// Writes an OCI layout whose one layer is a gzip bomb (a tar of one zero-filled file of SIZE bytes, a
// run of gzip members, about 1000:1) for measuring validate-image and bundle on it by hand:
//   node --import tsx bench/gzip-bomb.ts 16G /tmp/bomb
//   /usr/bin/time -v ./oci-conform validate-image /tmp/bomb      # elapsed time, maximum resident set size
//   /usr/bin/time -v ./oci-conform bundle /tmp/bomb /tmp/bomb-bundle   # stops at --max-size (10G)
import { join } from 'node:path';
import { gzipBomb, LayoutBuilder, makeTar } from '../harness/image/testing.js';
import { mt } from '../harness/image/media-types.js';
import { parseSize } from '../cli/bundle.js';

const [sizeArg, dir] = process.argv.slice(2);
if (!sizeArg || !dir) {
  process.stderr.write(
    'usage: node --import tsx bench/gzip-bomb.ts SIZE DIR   (SIZE like 4G, a multiple of 512)\n',
  );
  process.exit(2);
}
const size = parseSize(sizeArg);
const t0 = performance.now();
const bomb = gzipBomb(size, { diffId: true });
const b = new LayoutBuilder();
b.image([makeTar([{ name: 'etc/', type: 'dir' }])], {
  config: (c) => {
    c.rootfs.diff_ids.push(bomb.diffId);
    c.history.push({ created: '2024-01-01T00:00:00Z', created_by: 'gzip bomb' });
  },
  manifest: (m) => m.layers.push(b.blob(mt.layerGzip, bomb.blob)),
});
await b.write(dir);
process.stdout.write(
  `${join(dir)}: layer of ${bomb.blob.length} bytes inflating to ${bomb.uncompressedSize} bytes (written in ${Math.round(performance.now() - t0)} ms)\n`,
);
