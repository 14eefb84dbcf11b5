// Integer fields written as integers: `1e9` or `1024.0` is integral to JSON Schema (and passes it),
// but Go decoders (runc's encoding/json) refuse such a literal for an integer field, so the runtime
// errors at create.
import { defineRule } from '../../../../harness/config/rule.js';
import { definesPointer } from '../../../../schemas/index.js';
import { INT64_FIELDS, matchesAny, SMALL_INTEGER_FIELDS, UINT64_FIELDS } from '../../integer-fields.js';

export default defineRule({
  id: 'config.integers.literal-form',
  title: 'integer fields are written as integer literals (no fraction, no exponent)',
  kinds: ['config'],
  requirements: ['config.valid-values.error'],
  check(ctx) {
    const found = ctx.doc.nonIntegerNumbers?.() ?? [];
    for (const p of found) {
      if (
        !matchesAny(INT64_FIELDS, p) &&
        !matchesAny(UINT64_FIELDS, p) &&
        !matchesAny(SMALL_INTEGER_FIELDS, p)
      )
        continue;
      // SPEC: a field the declared version does not define is an unknown property, which MUST be ignored
      if (!definesPointer('config', ctx.specVersion, p)) continue;
      const raw = ctx.doc.rawNumber(p);
      ctx.report({
        pointer: p,
        message: `expected an integer literal (digits only) but found ${raw ?? 'a number with a fraction or exponent'}: Go runtimes such as runc cannot decode it into an integer field`,
        expected: 'an integer literal such as 1000000000',
        actual: raw,
      });
    }
  },
});
