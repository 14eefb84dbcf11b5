// features.ociVersionMax MUST NOT be lower than ociVersionMin (features.md).
import { defineRule } from '../../../../harness/config/rule.js';
import { compareVersions } from '../../../../requirements/index.js';
import { isObject } from '../../util.js';

const VERSION = /^\d+\.\d+\.\d+/;

export default defineRule({
  id: 'features.version-range',
  title: 'ociVersionMin <= ociVersionMax',
  kinds: ['features'],
  since: '1.1.0',
  requirements: ['features.ociVersionMax-ge-min'],
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v)) return;
    if (typeof v.ociVersionMin !== 'string' || typeof v.ociVersionMax !== 'string') return;
    // SemVer form is the schema's job; compare only what parses
    if (!VERSION.test(v.ociVersionMin) || !VERSION.test(v.ociVersionMax)) return;
    if (compareVersions(v.ociVersionMax, v.ociVersionMin) >= 0) return;
    ctx.report({
      pointer: '/ociVersionMax',
      message: `ociVersionMax ${v.ociVersionMax} is lower than ociVersionMin ${v.ociVersionMin}`,
      expected: `>= ${v.ociVersionMin}`,
      actual: v.ociVersionMax,
    });
  },
});
