// platform os/architecture use GOOS/GOARCH values and variant the values of the variant table.
import { defineImageRule, isObject } from '../../harness/image/rule.js';
import { goarch, goos, variants } from './util.js';

export default defineImageRule({
  id: 'image.platform.values',
  title: 'platform values come from GOOS, GOARCH and the variant table',
  scope: 'document',
  kinds: ['index', 'config'],
  requirements: ['image.index.platform-values', 'image.config.platform-values'],
  check(ctx) {
    const places: { pointer: string; p: any }[] = [];
    if (ctx.kind === 'config') places.push({ pointer: '', p: ctx.value });
    else if (isObject(ctx.value) && Array.isArray(ctx.value.manifests))
      ctx.value.manifests.forEach((m: any, i: number) => {
        // SPEC: Docker attestation manifests carry platform unknown/unknown by design; they describe
        // another entry, not a platform, so their platform is not judged.
        if (isObject(m?.annotations) && 'vnd.docker.reference.type' in m.annotations) return;
        if (isObject(m) && isObject(m.platform))
          places.push({ pointer: `/manifests/${i}/platform`, p: m.platform });
      });
    const req = ctx.kind === 'config' ? 'image.config.platform-values' : 'image.index.platform-values';
    for (const { pointer, p } of places) {
      if (!isObject(p)) continue;
      if (typeof p.os === 'string' && !goos.has(p.os))
        ctx.report({
          pointer: `${pointer}/os`,
          requirements: [req],
          message: `expected a GOOS value but found ${JSON.stringify(p.os)}`,
        });
      if (typeof p.architecture === 'string' && !goarch.has(p.architecture))
        ctx.report({
          pointer: `${pointer}/architecture`,
          requirements: [req],
          message: `expected a GOARCH value but found ${JSON.stringify(p.architecture)}`,
        });
      const table = typeof p.architecture === 'string' ? variants[p.architecture] : undefined;
      if (typeof p.variant === 'string' && table && !table.includes(p.variant))
        ctx.report({
          pointer: `${pointer}/variant`,
          requirements: [req],
          message: `expected a ${p.architecture} variant among ${table.join(', ')} but found ${JSON.stringify(p.variant)}`,
        });
    }
  },
});
