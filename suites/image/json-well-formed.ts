// Every JSON blob is I-JSON: UTF-8, no byte order mark, no duplicate member names, exact numbers.
import { defineImageRule } from '../../harness/image/rule.js';

export default defineImageRule({
  id: 'image.json.well-formed',
  title: 'JSON documents are valid UTF-8 I-JSON without duplicate member names',
  scope: 'document',
  kinds: ['layout', 'index', 'manifest', 'config'],
  requirements: [
    'image.media-types.json-utf8',
    'image.media-types.json-unique-keys',
    'image.media-types.json-numbers',
  ],
  check(ctx) {
    for (const p of ctx.doc.problems) {
      if (p.code === 'json.duplicate-key') {
        const inAnnotations = /\/(annotations|Labels)$/.test(p.pointer);
        ctx.report({
          pointer: p.pointer,
          requirements: inAnnotations
            ? ['image.media-types.json-unique-keys', 'image.annotations.unique-keys']
            : ['image.media-types.json-unique-keys'],
          message: p.message,
        });
      } else {
        ctx.report({ pointer: p.pointer, requirements: ['image.media-types.json-utf8'], message: p.message });
      }
    }
    for (const pointer of ctx.doc.bigIntegers()) {
      ctx.report({
        pointer,
        requirements: ['image.media-types.json-numbers'],
        message: `expected a number that fits an IEEE 754 double exactly but found ${ctx.doc.rawNumber(pointer)}`,
        actual: ctx.doc.rawNumber(pointer),
      });
    }
  },
});
