// Requirements of image-spec image-index.md, as data: our own paraphrases, ids stable.
import { defineRequirements } from '../define.js';

export const imageIndex = defineRequirements('image', 'image-index.md', {
  'image.index.schema-version': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'MUST',
    test: 'document',
    text: 'schemaVersion is present and is 2.',
  },
  'image.index.media-type': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'MUST',
    test: 'document',
    text: 'mediaType, when present, is application/vnd.oci.image.index.v1+json.',
  },
  'image.index.unambiguous': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'MUST',
    test: 'document',
    text: 'An index is not also a manifest: it has no config or layers member (CVE-2021-41190).',
  },
  'image.index.manifests': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'REQUIRED',
    test: 'document',
    text: 'manifests is present, an array of descriptors (it may be empty).',
  },
  'image.index.unknown-media-type-no-error': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'MUST NOT',
    test: 'document',
    text: 'An unknown mediaType in manifests does not cause an error.',
  },
  'image.index.platform': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'REQUIRED',
    test: 'document',
    text: 'A platform object has architecture and os.',
  },
  'image.index.platform-values': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'SHOULD',
    test: 'document',
    text: 'platform os and architecture use GOOS and GOARCH values, and variant the values of the variant table.',
  },
  'image.index.platform-matches-config': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'SHOULD',
    test: 'document',
    text: 'The platform of an index entry describes the image it points at (it agrees with that image config).',
  },
  'image.index.annotations': {
    since: '1.0.0',
    anchor: 'image-index-property-descriptions',
    level: 'MUST',
    test: 'document',
    text: 'Index annotations follow the annotation rules.',
  },
  'image.index.artifact-type': {
    since: '1.1.0',
    anchor: 'image-index-property-descriptions',
    level: 'MUST',
    test: 'document',
    text: 'artifactType, when present, follows the RFC 6838 grammar.',
  },
});
