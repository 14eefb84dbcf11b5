// rootfs.type is "layers" and every diff_id is a well-formed digest.
import { parseDigest, registeredAlgorithms } from '../../harness/image/digest.js';
import { defineImageRule, isObject } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.config.rootfs',
  title: 'rootfs.type is layers and diff_ids are digests',
  scope: 'document',
  kinds: ['config'],
  requirements: ['image.config.rootfs-type', 'image.config.diff-ids'],
  check(ctx) {
    const r = isObject(ctx.value) ? ctx.value.rootfs : undefined;
    if (!isObject(r)) return; // schema
    if (typeof r.type === 'string' && r.type !== 'layers')
      ctx.report({
        pointer: '/rootfs/type',
        requirements: ['image.config.rootfs-type'],
        message: `expected rootfs.type "layers" but found ${JSON.stringify(r.type)}`,
        expected: 'layers',
        actual: r.type,
      });
    if (!Array.isArray(r.diff_ids)) return;
    r.diff_ids.forEach((d: unknown, i: number) => {
      if (typeof d !== 'string') return;
      const p = parseDigest(d);
      if (!p.grammar || (p.registered && !p.encodingOk))
        ctx.report({
          pointer: `/rootfs/diff_ids/${i}`,
          requirements: ['image.config.diff-ids'],
          message: p.grammar
            ? `expected ${p.algorithm} encoded as ${registeredAlgorithms[p.algorithm]!.encoded.source} but found ${JSON.stringify(p.encoded)}`
            : `expected a digest (algorithm:encoded) but found ${JSON.stringify(d)}`,
          actual: d,
        });
    });
  },
});
