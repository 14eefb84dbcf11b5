// Requirements of runtime-spec glossary.md, as data: our own paraphrases, ids stable.
// Seeded from shared/research/runtime-requirements.json (runtime-spec v1.3.0).
import { defineRequirements } from '../define.js';

export const glossary = defineRequirements('runtime', 'glossary.md', {
  'glossary.json.utf8': {
    since: '1.0.0',
    anchor: 'json',
    level: 'MUST',
    test: 'config',
    text: 'All configuration JSON is UTF-8 encoded.',
  },
  'glossary.json.no-duplicate-names': {
    since: '1.0.0',
    anchor: 'json',
    level: 'MUST NOT',
    test: 'config',
    text: 'JSON objects in configuration must not repeat a member name.',
  },
  'glossary.json.order-insignificant': {
    since: '1.0.0',
    anchor: 'json',
    level: 'DESCRIPTIVE',
    test: 'cli',
    text: 'Member order inside JSON objects carries no meaning.',
  },
});
