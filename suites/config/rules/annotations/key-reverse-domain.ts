// Annotation keys SHOULD use reverse domain notation, e.g. com.example.myKey (config.md "Annotations").
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, tok } from '../../util.js';

// SPEC: "reverse domain notation" is not defined further; we ask for at least two dot-separated
// labels, the first one a DNS-like label (letters, digits, hyphens).
const REVERSE_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.[^.]/;

export default defineRule({
  id: 'config.annotations.key-reverse-domain',
  title: 'annotation keys use reverse domain notation',
  kinds: ['config', 'state'],
  requirements: ['config.annotations.keys-reverse-domain'],
  check(ctx) {
    const a = ctx.value?.annotations;
    if (!isObject(a)) return;
    for (const k in a) {
      if (k === '' || REVERSE_DOMAIN.test(k)) continue;
      ctx.report({
        pointer: `/annotations/${tok(k)}`,
        atKey: true,
        message: `annotation key ${JSON.stringify(k)} should use reverse domain notation, e.g. com.example.${k}`,
        expected: 'com.example.key',
        actual: k,
      });
    }
  },
});
