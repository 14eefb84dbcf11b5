// Requirements of image-spec conversion.md, as data: our own paraphrases, ids stable.
import { defineRequirements } from '../define.js';

export const conversion = defineRequirements('image', 'conversion.md', {
  'image.conversion.from-config': {
    since: '1.0.0',
    anchor: 'verbatim-fields',
    level: 'MUST',
    test: 'config',
    text: 'The runtime configuration is built from the image config.',
  },
  'image.conversion.verbatim-fields': {
    since: '1.0.0',
    anchor: 'verbatim-fields',
    level: 'MUST',
    test: 'config',
    text: 'WorkingDir, Env, Entrypoint and Cmd are copied verbatim to process.cwd, process.env and process.args (Entrypoint followed by Cmd).',
  },
  'image.conversion.annotations': {
    since: '1.0.0',
    anchor: 'annotation-fields',
    level: 'MUST',
    test: 'config',
    text: 'os, architecture, variant, os.version, os.features, author, created and StopSignal become org.opencontainers.image.* annotations.',
  },
  'image.conversion.labels-precedence': {
    since: '1.0.0',
    anchor: 'annotation-fields',
    level: 'MUST',
    test: 'config',
    text: 'Config.Labels take precedence over the derived annotations.',
  },
  'image.conversion.user-numeric': {
    since: '1.0.0',
    anchor: 'configuser',
    level: 'MUST',
    test: 'config',
    text: 'A numeric user or group in Config.User is copied verbatim to uid or gid.',
  },
  'image.conversion.user-resolves': {
    since: '1.0.0',
    anchor: 'configuser',
    level: 'MUST',
    test: 'config',
    text: 'When Config.User names a user or group that does not exist in the container, the conversion fails.',
  },
  'image.conversion.additional-gids': {
    since: '1.0.0',
    anchor: 'configuser',
    level: 'SHOULD',
    test: 'config',
    text: 'additionalGids are set from the user groups when the user is given by name and no group is given.',
  },
  'image.conversion.volumes-ports': {
    since: '1.0.0',
    anchor: 'optional-fields',
    level: 'SHOULD',
    test: 'config',
    text: 'ExposedPorts become the org.opencontainers.image.exposedPorts annotation and Volumes become mounts.',
  },
  'image.conversion.layers-applied': {
    since: '1.0.0',
    anchor: 'verbatim-fields',
    level: 'MUST',
    test: 'layer',
    text: 'The root filesystem is the result of applying the layers in order, with whiteouts.',
  },
});
