// A layout has an oci-layout file, an index.json file and a blobs directory.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.layout.files',
  title: 'oci-layout, index.json and blobs/ exist',
  scope: 'layout',
  requirements: ['image.layout.oci-layout-file', 'image.layout.index-file', 'image.layout.blobs-directory'],
  check(ctx) {
    // An archive that could not be read from its first byte holds nothing at all: the archive rule
    // says so once; listing every layout file as missing would only repeat it.
    if (ctx.container === 'archive' && ctx.containerError?.offset === 0) return;
    const say = {
      missing: 'it is missing',
      directory: 'it is a directory',
      'too-large': 'it is too large to be read',
    };
    for (const [name, req] of [
      ['oci-layout', 'image.layout.oci-layout-file'],
      ['index.json', 'image.layout.index-file'],
    ] as const) {
      const st = ctx.top[name];
      if (st !== 'present')
        ctx.report({ path: name, requirements: [req], message: `expected a file ${name} but ${say[st]}` });
    }
    if (!ctx.hasBlobsDir)
      ctx.report({
        path: 'blobs',
        requirements: ['image.layout.blobs-directory'],
        message: 'expected a blobs directory but it is missing',
      });
  },
});
