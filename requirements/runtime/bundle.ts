// Requirements of runtime-spec bundle.md, as data: our own paraphrases, ids stable.
// Seeded from shared/research/runtime-requirements.json (runtime-spec v1.3.0).
import { defineRequirements } from '../define.js';

export const bundle = defineRequirements('runtime', 'bundle.md', {
  'bundle.config-required': {
    since: '1.0.0',
    anchor: 'container-format',
    level: 'REQUIRED',
    test: 'cli',
    text: 'Every bundle contains a config.json.',
  },
  'bundle.config-at-root': {
    since: '1.0.0',
    anchor: 'container-format',
    level: 'MUST',
    test: 'cli',
    text: "config.json sits directly in the bundle's root directory.",
  },
  'bundle.config-exact-name': {
    since: '1.0.0',
    anchor: 'container-format',
    level: 'MUST',
    test: 'cli',
    text: 'The configuration file is named exactly config.json.',
  },
  'bundle.single-directory': {
    since: '1.0.0',
    anchor: 'container-format',
    level: 'MUST',
    test: 'config',
    text: 'When provided, config.json and the root filesystem sit together in one local directory, and that directory is not itself part of the bundle.',
  },
});
