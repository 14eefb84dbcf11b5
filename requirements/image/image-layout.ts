// Requirements of image-spec image-layout.md, as data: our own paraphrases, ids stable.
import { defineRequirements } from '../define.js';

export const imageLayout = defineRequirements('image', 'image-layout.md', {
  'image.layout.oci-layout-file': {
    since: '1.0.0',
    anchor: 'oci-layout-file',
    level: 'MUST',
    test: 'document',
    text: 'An image layout contains an oci-layout file, a JSON object with imageLayoutVersion.',
  },
  'image.layout.blobs-directory': {
    since: '1.0.0',
    anchor: 'blobs',
    level: 'MUST',
    test: 'document',
    text: 'An image layout contains a blobs directory (it may be empty).',
  },
  'image.layout.index-file': {
    since: '1.0.0',
    anchor: 'indexjson-file',
    level: 'MUST',
    test: 'document',
    text: 'An image layout contains an index.json file, and it is an image index.',
  },
  'image.layout.blob-content-matches-path': {
    since: '1.0.0',
    anchor: 'blobs',
    level: 'MUST',
    test: 'document',
    text: 'The content of blobs/<alg>/<encoded> matches the digest <alg>:<encoded>.',
  },
  'image.layout.blob-path-grammar': {
    since: '1.0.0',
    anchor: 'blobs',
    level: 'MUST',
    test: 'document',
    text: 'The <alg> and <encoded> directory and file names of a blob follow the digest grammar.',
  },
  'image.layout.unknown-media-type-no-error': {
    since: '1.0.0',
    anchor: 'indexjson-file',
    level: 'MUST NOT',
    test: 'document',
    text: 'An unknown mediaType in index.json does not cause an error.',
  },
  'image.layout.referenced-blobs-present': {
    since: '1.0.0',
    anchor: 'blobs',
    level: 'SHOULD',
    test: 'document',
    text: 'Blobs referenced from the layout are present (a layout MAY be sparse; missing blobs SHOULD come from an external store).',
  },
  'image.layout.unreferenced-blobs': {
    since: '1.0.0',
    anchor: 'blobs',
    level: 'MAY',
    test: 'document',
    text: 'A layout MAY hold blobs that nothing references.',
  },
  'image.layout.ref-name-index-only': {
    since: '1.0.0',
    anchor: 'indexjson-file',
    level: 'SHOULD',
    test: 'document',
    text: 'org.opencontainers.image.ref.name is only considered valid on descriptors in index.json.',
  },
});
