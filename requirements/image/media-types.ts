// Requirements of image-spec media-types.md and the I-JSON rules of considerations.md, as data.
import { defineRequirements } from '../define.js';

export const mediaTypes = defineRequirements('image', 'media-types.md', {
  'image.media-types.descriptor-agrees': {
    since: '1.0.0',
    anchor: 'compatibility-matrix',
    level: 'SHOULD',
    test: 'document',
    text: 'The media type a descriptor gives agrees with the mediaType inside the content it points at.',
  },
  'image.media-types.json-utf8': {
    since: '1.0.0',
    anchor: 'compatibility-matrix',
    level: 'MUST',
    test: 'document',
    text: 'JSON content is valid UTF-8 JSON (I-JSON, considerations.md).',
  },
  'image.media-types.json-unique-keys': {
    since: '1.0.0',
    anchor: 'compatibility-matrix',
    level: 'MUST NOT',
    test: 'document',
    text: 'JSON objects do not contain duplicate member names (I-JSON, considerations.md).',
  },
  'image.media-types.json-numbers': {
    since: '1.0.0',
    anchor: 'compatibility-matrix',
    level: 'SHOULD',
    test: 'document',
    text: 'Numbers fit an IEEE 754 double exactly (I-JSON, considerations.md).',
  },
});
