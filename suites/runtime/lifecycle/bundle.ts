// lifecycle.bundle.config-json: bundles whose config.json is missing, named Config.json, or one directory
// down: create fails for each and leaves no container (bundle.md "Container Format").
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase, type Bundle } from '../../../harness/runtime/case.js';
import { readPidFile } from './util.js';

/** A bundle broken in one way, and the requirement a create that accepts it breaks. */
export interface BundleVariant {
  tag: string;
  requirement: RuntimeRequirementId;
  /** What the bundle holds instead of config.json, for messages. */
  holds: string;
  /** Moves the bundle's config.json away (host paths). */
  edit(bundle: Bundle): Promise<void>;
}

export const bundleVariants: BundleVariant[] = [
  {
    tag: 'none',
    requirement: 'bundle.config-required',
    holds: 'no config.json at all',
    edit: (b) => rm(b.configPath),
  },
  {
    tag: 'capital',
    requirement: 'bundle.config-exact-name',
    holds: 'Config.json only',
    edit: (b) => rename(b.configPath, join(dirname(b.configPath), 'Config.json')),
  },
  {
    tag: 'nested',
    requirement: 'bundle.config-at-root',
    holds: 'config.json only in the subdirectory conf/',
    async edit(b) {
      await mkdir(join(b.dir, 'conf'));
      await rename(b.configPath, join(b.dir, 'conf', 'config.json'));
    },
  },
];

export const bundleConfigJson = defineCase({
  id: 'lifecycle.bundle.config-json',
  group: 'lifecycle',
  requirements: [...bundleVariants.map((v) => v.requirement), 'runtime.errors.no-side-effects'],
  description:
    'create fails on a bundle without config.json, on one holding only Config.json and on one holding config.json only in a subdirectory, and leaves no container (no pid file, state fails)',
  build: (c) => c.probe('exit', ['0']),
  async run(ctx) {
    for (const v of bundleVariants) {
      const b = await ctx.makeBundle((c) => c.probe('exit', ['0']));
      await v.edit(b);
      const id = ctx.newContainerId(v.tag);
      const pidFile = `${b.dir}.pid`;
      const r = await ctx.runtime.create({ id, bundle: b, pidFile });
      ctx.check.failed(r, { requirements: [v.requirement], what: `create (${v.tag})` });
      const pid = await readPidFile(pidFile);
      const s = await ctx.runtime.state(id);
      ctx.check.that(pid === undefined && s.exitCode !== 0, {
        requirements: [v.requirement, 'runtime.errors.no-side-effects'],
        what: `container left (${v.tag})`,
        message: `expected no container after create on a bundle with ${v.holds}, found ${pid !== undefined ? `a pid file (pid ${pid})` : ''}${pid !== undefined && s.exitCode === 0 ? ' and ' : ''}${s.exitCode === 0 ? `state answering (status ${JSON.stringify(s.state?.status)})` : ''}`,
        expected: 'no pid file, state fails',
        actual: { pid: pid ?? null, state: s.state?.status ?? null },
      });
    }
  },
});
