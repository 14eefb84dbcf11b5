// features.oci-versions-accepted: the runtime accepts a config whose ociVersion is the ociVersionMin, and one
// whose ociVersion is the ociVersionMax, of its own features document (features.md "Specification version").
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'features.oci-versions-accepted';

/** The two versions a features document promises to accept, when it names them as strings. */
export function promisedVersions(features: unknown): { min?: string; max?: string } {
  if (typeof features !== 'object' || features === null) return {};
  const o = features as Record<string, unknown>;
  return {
    ...(typeof o.ociVersionMin === 'string' ? { min: o.ociVersionMin } : {}),
    ...(typeof o.ociVersionMax === 'string' ? { max: o.ociVersionMax } : {}),
  };
}

const requirements: RuntimeRequirementId[] = [
  'features.ociVersionMin-accepted',
  'features.ociVersionMax-accepted',
];

export const featuresOciVersionsAccepted = defineCase({
  id,
  group: 'features',
  requirements,
  description:
    "creates one container whose config declares the features document's ociVersionMin and one that declares its ociVersionMax; both creates must succeed",
  needs(_host, env) {
    const v = promisedVersions(env.features);
    return v.min === undefined && v.max === undefined
      ? 'needs a features document naming ociVersionMin or ociVersionMax (the runtime printed none)'
      : null;
  },
  async run(ctx) {
    const v = promisedVersions(ctx.features);
    const tries: [string | undefined, RuntimeRequirementId, string][] = [
      [v.min, 'features.ociVersionMin-accepted', 'ociVersionMin'],
      [v.max, 'features.ociVersionMax-accepted', 'ociVersionMax'],
    ];
    for (const [version, req, name] of tries) {
      if (version === undefined) continue;
      const bundle = await ctx.makeBundle((c) => {
        c.set('/ociVersion', version);
        c.probe('try', ['syscall', 'getpid']);
      });
      const cid = ctx.newContainerId(name);
      const created = await ctx.runtime.create({ id: cid, bundle });
      ctx.check.succeeded(created, {
        requirements: [req],
        what: `create with ociVersion ${version} (the features document's ${name})`,
      });
      if (created.exitCode === 0) await ctx.runtime.delete({ id: cid, force: true });
    }
  },
});
