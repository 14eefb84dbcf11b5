// Values of the org.opencontainers.image.* annotations the runtime spec defines MUST be valid image-spec
// values: created is an RFC 3339 date-time, stopSignal a signal name or number, os/architecture names.
import { defineRule } from '../../../../harness/config/rule.js';
import type { RequirementId } from '../../../../requirements/index.js';
import { isObject, tok } from '../../util.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const SIGNAL = /^(SIG[A-Z0-9]+([+-]\d+)?|\d+)$/;
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

const CHECKS: Record<string, [RequirementId, RegExp, string]> = {
  'org.opencontainers.image.created': [
    'config.annotations.oci.image.created',
    RFC3339,
    'an RFC 3339 date-time',
  ],
  'org.opencontainers.image.stopSignal': [
    'config.annotations.oci.image.stopSignal',
    SIGNAL,
    'a signal name like SIGTERM or a number',
  ],
  'org.opencontainers.image.os': ['config.annotations.oci.image.os', NAME, 'an os name such as linux'],
  'org.opencontainers.image.architecture': [
    'config.annotations.oci.image.architecture',
    NAME,
    'an architecture name such as amd64',
  ],
};

export default defineRule({
  id: 'config.annotations.oci-image-values',
  title: 'org.opencontainers.image.* annotation values are valid image-spec values',
  kinds: ['config'],
  requirements: [
    'config.annotations.oci.image.created',
    'config.annotations.oci.image.stopSignal',
    'config.annotations.oci.image.os',
    'config.annotations.oci.image.architecture',
  ],
  check(ctx) {
    const a = ctx.value?.annotations;
    if (!isObject(a)) return;
    for (const k in CHECKS) {
      const v = a[k];
      // SPEC: image-spec annotations.md lets a value be the empty string; an empty value stands for an
      // unset image field (umoci writes stopSignal "" for an image without StopSignal)
      if (typeof v !== 'string' || v === '') continue;
      const [req, re, what] = CHECKS[k]!;
      if (re.test(v)) continue;
      ctx.report({
        pointer: `/annotations/${tok(k)}`,
        requirements: [req],
        message: `expected ${what} in ${k}, found ${JSON.stringify(v)}`,
        expected: what,
        actual: v,
      });
    }
  },
});
