// A layer of a media type we do not know is not an error (store/copy tools MUST NOT fail on it):
// its digest is checked and its content is not read as tar.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layer.media-type',
  title: 'layers of unknown media types are verified but not unpacked',
  scope: 'layer',
  requirements: ['image.manifest.layer-media-types'],
  check(ctx) {
    if (ctx.scan.declared !== undefined) return;
    const cfg = ctx.config?.doc;
    // SPEC: in an image (OCI image config) every layer is applied, so an unknown layer type there is
    // worth a warning; in an artifact it is the normal case.
    ctx.report({
      doc: ctx.descriptor.doc,
      pointer: `${ctx.descriptor.pointer}/mediaType`,
      level: cfg ? 'should' : 'info',
      message: `layer media type ${JSON.stringify(ctx.descriptor.value?.mediaType)} is not a layer type image-spec defines: not read as tar`,
    });
  },
});
