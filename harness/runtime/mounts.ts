// Mounts a run leaves under its temp dir, which the runtime cannot be trusted to remove (runc 1.1
// bind-mounts a clone of its own binary under its state dir during create; a kill at that moment leaves
// it): found in /proc/self/mountinfo and detached lazily before the dir is removed.
import { readFile, realpath, rm } from 'node:fs/promises';
import { unescapeMountinfo } from './cgroups.js';
import { runCommand } from './driver.js';

/** Mount points in a mountinfo text at or under `dir`, deepest first (each once). */
export function mountPointsUnder(mountinfo: string, dir: string): string[] {
  const base = dir.replace(/\/+$/, '');
  const points = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const p = line.split(' ')[4];
    if (p === undefined) continue;
    const point = unescapeMountinfo(p);
    if (point === base || point.startsWith(base + '/')) points.add(point);
  }
  return [...points].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** Mount points at or under `dir` (its real path too) in the harness's mount namespace, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const real = await realpath(dir).catch(() => dir);
  const found = new Set([...mountPointsUnder(text, dir), ...mountPointsUnder(text, real)]);
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Detaches (`umount -l`, MNT_DETACH) every mount at or under `dir`, deepest first, until none is left (a
 * point may be mounted more than once). Returns the mount points still there after a few rounds.
 */
export async function unmountUnder(dir: string, timeoutMs = 3000): Promise<string[]> {
  let left = await mountsUnder(dir);
  for (let round = 0; round < 4 && left.length > 0; round++) {
    for (const m of left) await runCommand('umount', ['-l', m], { timeoutMs });
    left = await mountsUnder(dir);
  }
  return left;
}

/**
 * Detaches the mounts under `dir`, then removes it, unless a mount is still there: a recursive removal
 * crosses mount points, so it would delete (or, over a host tree, walk for ever) what such a mount shows.
 * Returns what was left behind, each as `mount POINT` or `dir DIR: why`; empty when `dir` is gone.
 */
export async function removeRunDir(
  dir: string,
  timeoutMs = 3000,
  unmount: (dir: string, timeoutMs: number) => Promise<string[]> = unmountUnder,
): Promise<string[]> {
  const mounts = await unmount(dir, timeoutMs);
  if (mounts.length > 0)
    return [...mounts.map((m) => `mount ${m}`), `dir ${dir}: kept, a mount under it could not be detached`];
  try {
    await rm(dir, { recursive: true, force: true });
    return [];
  } catch (e) {
    return [`dir ${dir}: ${(e as Error).message}`];
  }
}
