// A layer reads to its end as a tar archive: it decompresses, is not truncated or corrupt, and
// ends with the end-of-archive marker.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layer.tar',
  title: 'layers are complete, readable tar archives',
  scope: 'layer',
  requirements: ['image.layer.tar-archive'],
  check(ctx) {
    const s = ctx.scan;
    if (s.declared === undefined) return;
    if (s.error) {
      ctx.report({
        offset: s.uncompressedSize,
        ...(s.error.code === 'zstd-unavailable' ? { level: 'info' as const } : {}),
        message:
          s.error.code === 'zstd-unavailable'
            ? `layer not checked: ${s.error.message}`
            : s.error.code === 'limit'
              ? `expected a layer within the size limit but ${s.error.message}`
              : `expected a readable ${s.used} stream but ${s.error.message}`,
      });
      return;
    }
    if (s.tar.error) {
      ctx.report({
        offset: s.tar.error.offset,
        message: `expected a tar archive but ${s.tar.error.message} (${s.tar.error.code})`,
      });
      return;
    }
    if (s.tar.missingEndMarker)
      ctx.report({
        offset: s.uncompressedSize,
        // SPEC: tar readers accept an archive without the two zero blocks (umoci insert writes such
        // layers); POSIX requires them, so we say so without failing.
        level: 'info',
        message:
          'expected the end-of-archive marker (two zero blocks) but the stream ends after the last entry',
      });
  },
});
