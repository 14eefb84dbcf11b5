// filesystem.masked-paths: a file and a directory listed in linux.maskedPaths cannot be read in the container.
import { mkdir, writeFile } from 'node:fs/promises';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'filesystem.masked-paths';

/** Paths the case fills with content in the rootfs and then masks. */
export const maskedFile = '/etc/oci-conform-secret';
export const maskedDir = '/mnt/oci-conform-secret-dir';

/**
 * Each masked path must not yield its content: a file reads no bytes (or cannot be opened), a
 * directory lists no entries (or cannot be listed). A path that is gone altogether is also unreadable.
 *
 * SPEC: config-linux.md says masked paths are covered "so that they cannot be read" without saying how;
 * an empty read (runc and crun bind /dev/null over files and mount an empty read-only tmpfs over
 * directories) counts as unreadable.
 */
export function checkMaskedPaths(obs: Observation, masked: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const path of masked) {
    const p = obs.paths.find((x) => x.path === path);
    if (!p) {
      out.push(
        observationFinding(
          id,
          ['config-linux.maskedPaths.applied'],
          `paths[${path}]`,
          `expected the probe to report ${path}, found no entry`,
        ),
      );
      continue;
    }
    if (!p.exists || !p.read.ok) continue;
    const leaked = p.type === 'dir' ? (p.read.entries ?? 0) > 0 : (p.read.bytes ?? 0) > 0;
    if (leaked)
      out.push(
        observationFinding(
          id,
          ['config-linux.maskedPaths.applied'],
          `paths[${path}].read`,
          p.type === 'dir'
            ? `expected masked directory ${path} to list nothing, found ${p.read.entries} entries`
            : `expected masked file ${path} to read nothing, found ${p.read.bytes} bytes`,
          p.type === 'dir' ? { entries: 0 } : { bytes: 0 },
          p.read,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = ['config-linux.maskedPaths.applied'];

export const filesystemMaskedPaths = defineCase({
  id,
  group: 'filesystem',
  requirements,
  description:
    'masks a file and a directory that have content in the rootfs and checks both read empty or fail',
  build(config) {
    config.maskedPath(maskedFile).maskedPath(maskedDir);
    config.probe('report', ['--path', maskedFile, '--path', maskedDir]);
  },
  async run(ctx) {
    await writeFile(ctx.bundle.hostPath(maskedFile), 'secret content the container must not read\n');
    await mkdir(ctx.bundle.hostPath(maskedDir), { recursive: true });
    await writeFile(ctx.bundle.hostPath(`${maskedDir}/inside`), 'also secret\n');
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    const masked = (ctx.bundle.config.linux?.maskedPaths ?? []).filter(
      (p) => p === maskedFile || p === maskedDir,
    );
    return checkMaskedPaths(obs, masked);
  },
});
