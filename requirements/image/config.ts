// Requirements of image-spec config.md, as data: our own paraphrases, ids stable.
import { defineRequirements } from '../define.js';

export const config = defineRequirements('image', 'config.md', {
  'image.config.required-fields': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'REQUIRED',
    test: 'document',
    text: 'architecture, os and rootfs (with type and diff_ids) are present.',
  },
  'image.config.rootfs-type': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'MUST',
    test: 'document',
    text: 'rootfs.type is layers; an unknown value is an error when verifying or unpacking.',
  },
  'image.config.diff-ids': {
    since: '1.0.0',
    anchor: 'layer-diffid',
    level: 'MUST',
    test: 'document',
    text: 'Each rootfs.diff_ids entry is a digest of an uncompressed layer tar, in layer order.',
  },
  'image.config.diff-id-match': {
    since: '1.0.0',
    anchor: 'layer-diffid',
    level: 'MUST',
    test: 'layer',
    text: 'The diff_id of a layer is the digest of its uncompressed tar.',
  },
  'image.config.env-form': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'DESCRIPTIVE',
    test: 'document',
    text: 'config.Env entries have the form VARNAME=VARVALUE.',
  },
  'image.config.labels': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'MUST',
    test: 'document',
    text: 'config.Labels follow the annotation rules.',
  },
  'image.config.created': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'DESCRIPTIVE',
    test: 'document',
    text: 'created and history[].created are RFC 3339 date-times.',
  },
  'image.config.null-optional': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'MAY',
    test: 'document',
    text: 'An OPTIONAL field MAY be null, which means the same as absent.',
  },
  'image.config.unknown-fields-no-error': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'MUST NOT',
    test: 'document',
    text: 'Extra fields in a config do not cause an error.',
  },
  'image.config.platform-values': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'SHOULD',
    test: 'document',
    text: 'os and architecture use GOOS and GOARCH values, variant the values of the variant table.',
  },
  'image.config.history-empty-layers': {
    since: '1.0.0',
    anchor: 'properties',
    level: 'DESCRIPTIVE',
    test: 'document',
    text: 'The history entries that are not empty_layer match the layers one to one.',
  },
});
