// Which cgroup directories the containers under one state root use and made, recorded as files in
// ROOT/.cgroups: no two containers share a leaf, and a parent made for one container is removed by the
// last container out, whichever was created first.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory under the state root holding the records; not a container (list skips it). */
export const CLAIMS_DIR = '.cgroups';

function recordFile(root: string, kind: 'leaf' | 'parent', dir: string): string {
  return join(root, CLAIMS_DIR, `${kind}-${createHash('sha256').update(dir).digest('hex').slice(0, 32)}`);
}

/** Writes a record file, making the records directory again if a concurrent delete removed it. */
function writeRecordFile(root: string, file: string, content: string, flag: 'w' | 'wx'): void {
  for (let attempt = 0; ; attempt++) {
    mkdirSync(join(root, CLAIMS_DIR), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, content, { flag });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw e;
    }
  }
}

function procsIn(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Claims each leaf directory for container `id` before create makes or joins it.
 * SPEC: config-linux.md only says a cgroupsPath names a place in the hierarchy; a leaf shared by two
 * containers would let the delete of one kill the other's processes, so the second create is refused,
 * whether the first container is ours (recorded) or anyone's (the cgroup holds processes).
 * Throws (and claims nothing) when a leaf is in use; returns the claims made.
 */
export function claimLeaves(root: string, id: string, leaves: readonly string[]): string[] {
  const made: string[] = [];
  try {
    for (const dir of leaves) {
      const f = recordFile(root, 'leaf', dir);
      try {
        writeRecordFile(root, f, id, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        let owner = '';
        try {
          owner = readFileSync(f, 'utf8');
        } catch {
          // released meanwhile: still refused, the caller may retry
        }
        throw new Error(
          `linux.cgroupsPath: the cgroup ${dir} is in use by container ${owner || '(unknown)'}: expected a cgroup no other container uses`,
        );
      }
      made.push(f);
      const procs = procsIn(dir);
      if (procs.length > 0)
        throw new Error(
          `linux.cgroupsPath: the cgroup ${dir} already holds ${procs.length} process${procs.length === 1 ? '' : 'es'} (${procs.slice(0, 3).join(', ')}): expected a cgroup no other container uses`,
        );
    }
  } catch (e) {
    for (const f of made) rmSync(f, { force: true });
    throw e;
  }
  return made;
}

/** Releases the leaves claimed by {@link claimLeaves}. */
export function releaseLeaves(root: string, leaves: readonly string[]): void {
  for (const dir of leaves) rmSync(recordFile(root, 'leaf', dir), { force: true });
}

/** Records the directories create made above the leaves: any later delete may remove them once empty. */
export function recordParents(root: string, made: readonly string[], leaves: readonly string[]): void {
  const leafSet = new Set(leaves);
  for (const dir of made) {
    if (leafSet.has(dir)) continue;
    writeRecordFile(root, recordFile(root, 'parent', dir), dir, 'w');
  }
}

/**
 * Removes the recorded parents of the leaves that are empty now, deepest first, and forgets them;
 * a parent still holding another container's directory stays recorded for that container's delete.
 */
export function removeRecordedParents(root: string, leaves: readonly string[]): void {
  const seen = new Set<string>();
  for (const leaf of leaves) {
    for (let d = dirname(leaf); d !== dirname(d); d = dirname(d)) {
      if (seen.has(d)) continue;
      seen.add(d);
      const f = recordFile(root, 'parent', d);
      try {
        readFileSync(f);
      } catch {
        continue; // not made by one of our creates
      }
      try {
        rmdirSync(d);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') break; // busy: its ancestors are too
      }
      rmSync(f, { force: true });
    }
  }
  try {
    if (readdirSync(join(root, CLAIMS_DIR)).length === 0) rmdirSync(join(root, CLAIMS_DIR));
  } catch {
    // gone, or in use by a concurrent create
  }
}
