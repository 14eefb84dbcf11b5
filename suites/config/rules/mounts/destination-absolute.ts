// mounts[].destination is absolute: a MUST everywhere before 1.2.0; from 1.2.0 a SHOULD on Linux
// (relative destinations are deprecated and resolved against '/') and still a MUST elsewhere.
import { defineRule } from '../../../../harness/config/rule.js';
import type { RequirementId } from '../../../../requirements/index.js';
import { arr, isObject, targetOs, versionAtLeast } from '../../util.js';

function isAbsoluteFor(os: string, p: string): boolean {
  if (os === 'windows') return /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\');
  return p.startsWith('/');
}

export default defineRule({
  id: 'config.mounts.destination-absolute',
  title: 'mount destinations are absolute paths',
  kinds: ['config'],
  requirements: [
    'config.mounts.destination-linux-absolute',
    'config.mounts.destination-windows-absolute',
    'config.mounts.destination-solaris-absolute',
    'config.mounts.destination-other-absolute',
  ],
  why: "Before 1.2.0 the destination MUST be absolute on every platform; the registry holds the 1.3.0 sentence (a SHOULD on Linux), so a document declaring an older version gets the error its own version's text demands while citing the current sentence.",
  check(ctx) {
    const mounts = arr(ctx.value?.mounts);
    if (mounts.length === 0) return;
    const os = targetOs(ctx.value);
    const old = !versionAtLeast(ctx.specVersion, '1.2.0');
    const req: RequirementId =
      os === 'linux'
        ? 'config.mounts.destination-linux-absolute'
        : os === 'windows'
          ? 'config.mounts.destination-windows-absolute'
          : os === 'solaris'
            ? 'config.mounts.destination-solaris-absolute'
            : 'config.mounts.destination-other-absolute';
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i];
      if (!isObject(m) || typeof m.destination !== 'string' || isAbsoluteFor(os, m.destination)) continue;
      ctx.report({
        pointer: `/mounts/${i}/destination`,
        requirements: [req],
        // SPEC: before 1.2.0 the destination MUST be absolute on every platform (Linux included); the
        // registry holds the 1.3.0 wording (SHOULD on Linux), so the older level is set here.
        level: old ? 'must' : undefined,
        message: `expected an absolute mount destination, found ${JSON.stringify(m.destination)}`,
        expected: 'an absolute path',
        actual: m.destination,
      });
    }
  },
});
