// The uncompressed layer hashes to its rootfs.diff_ids entry.
import { parseDigest, verifiable } from '../../harness/image/digest.js';
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layer.diff-id',
  title: 'the uncompressed layer digest equals its diff_id',
  scope: 'layer',
  requirements: ['image.config.diff-id-match'],
  check(ctx) {
    const ids = ctx.config?.value?.rootfs?.diff_ids;
    if (!Array.isArray(ids) || ctx.scan.declared === undefined) return;
    const want = ids[ctx.index];
    if (typeof want !== 'string' || !verifiable(parseDigest(want))) return; // count / format rules
    const got = ctx.scan.uncompressedDigest;
    if (got === undefined) return; // layer-tar reports why the stream did not read
    if (got !== want)
      ctx.report({
        doc: ctx.config!.doc,
        pointer: `/rootfs/diff_ids/${ctx.index}`,
        message: `expected layer ${ctx.index} (${ctx.descriptor.value.digest}) to decompress to ${want} but it decompresses to ${got}`,
        expected: want,
        actual: got,
      });
  },
});
