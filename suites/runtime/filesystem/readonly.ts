// filesystem.readonly-paths and filesystem.root-readonly: listed paths, and the whole root when
// root.readonly is set, refuse writes in the container while staying readable.
import { mkdir, writeFile } from 'node:fs/promises';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

/** A directory with content that the readonly-paths case lists. */
export const readonlyDir = '/mnt/oci-conform-ro';

/**
 * Each path must refuse the probe's write attempt (a directory: creating a file in it; anything else:
 * opening it for writing) and must still be readable.
 * SPEC: the spec says the paths are "read-only" without naming an errno; any refused write counts.
 */
export function checkReadonly(
  obs: Observation,
  paths: readonly string[],
  rule: string,
  requirement: RuntimeRequirementId,
): Finding[] {
  const out: Finding[] = [];
  for (const path of paths) {
    const p = obs.paths.find((x) => x.path === path);
    if (!p || !p.exists) {
      out.push(
        observationFinding(
          rule,
          [requirement],
          `paths[${path}]`,
          `expected ${path} to exist read-only in the container, found it missing`,
        ),
      );
      continue;
    }
    if (p.write.ok)
      out.push(
        observationFinding(
          rule,
          [requirement],
          `paths[${path}].write`,
          `expected writing to ${path} to be refused, found it succeeded`,
          { ok: false },
          p.write,
        ),
      );
    if (!p.read.ok)
      out.push(
        observationFinding(
          rule,
          [requirement],
          `paths[${path}].read`,
          `expected read-only ${path} to stay readable, found ${p.read.error}`,
          { ok: true },
          p.read,
        ),
      );
  }
  return out;
}

const roRequirements: RuntimeRequirementId[] = ['config-linux.readonlyPaths.applied'];

export const filesystemReadonlyPaths = defineCase({
  id: 'filesystem.readonly-paths',
  group: 'filesystem',
  requirements: roRequirements,
  description:
    'lists a directory with content in readonlyPaths and checks that it is readable but refuses writes',
  build(config) {
    config.readonlyPath(readonlyDir);
    config.probe('report', ['--path', readonlyDir]);
  },
  async run(ctx) {
    await mkdir(ctx.bundle.hostPath(readonlyDir), { recursive: true });
    await writeFile(ctx.bundle.hostPath(`${readonlyDir}/file`), 'content\n');
    const out = await runToCompletion(ctx, roRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    const listed = (ctx.bundle.config.linux?.readonlyPaths ?? []).filter((p) => p === readonlyDir);
    return checkReadonly(obs, listed, 'filesystem.readonly-paths', 'config-linux.readonlyPaths.applied');
  },
});

const rootRequirements: RuntimeRequirementId[] = ['config.root.readonly'];

export const filesystemRootReadonly = defineCase({
  id: 'filesystem.root-readonly',
  group: 'filesystem',
  requirements: rootRequirements,
  description: 'sets root.readonly and checks that / is readable but refuses the creation of a file',
  build(config) {
    config.readonlyRoot(true);
    config.probe('report', ['--path', '/']);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, rootRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return ctx.bundle.config.root?.readonly === true
      ? checkReadonly(obs, ['/'], 'filesystem.root-readonly', 'config.root.readonly')
      : [];
  },
});
