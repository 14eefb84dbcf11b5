// Requirements of image-spec annotations.md, as data: our own paraphrases, ids stable.
import { defineRequirements } from '../define.js';

export const annotations = defineRequirements('image', 'annotations.md', {
  'image.annotations.string-map': {
    since: '1.0.0',
    anchor: 'rules',
    level: 'MUST',
    test: 'document',
    text: 'Annotations are a map whose keys and values are strings; a value is present, possibly empty.',
  },
  'image.annotations.unique-keys': {
    since: '1.0.0',
    anchor: 'rules',
    level: 'MUST',
    test: 'document',
    text: 'Annotation keys are unique.',
  },
  'image.annotations.absent-or-empty': {
    since: '1.0.0',
    anchor: 'rules',
    level: 'MUST',
    test: 'document',
    text: 'With no annotations, the property is absent or an empty map (not null).',
  },
  'image.annotations.reverse-domain': {
    since: '1.0.0',
    anchor: 'rules',
    level: 'SHOULD',
    test: 'document',
    text: 'Annotation keys use reverse domain notation.',
  },
  'image.annotations.reserved-prefix': {
    since: '1.0.0',
    anchor: 'rules',
    level: 'MUST NOT',
    test: 'document',
    text: 'Keys under org.opencontainers.image are the ones this spec defines.',
  },
  'image.annotations.ref-name-charset': {
    since: '1.0.0',
    anchor: 'pre-defined-annotation-keys',
    level: 'SHOULD',
    test: 'document',
    text: 'org.opencontainers.image.ref.name uses only A-Za-z0-9 and -._:@/+ and follows the ref grammar.',
  },
  'image.annotations.created-rfc3339': {
    since: '1.0.0',
    anchor: 'pre-defined-annotation-keys',
    level: 'DESCRIPTIVE',
    test: 'document',
    text: 'org.opencontainers.image.created is an RFC 3339 date-time.',
  },
});
