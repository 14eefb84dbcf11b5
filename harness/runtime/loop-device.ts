// A loop block device for the cases that need a real block device (blkio/io throttles): made with
// losetup over a small file, and detached again by the case's teardown.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The losetup binary, or undefined when the host has none. */
export function losetupPath(): string | undefined {
  return ['/usr/sbin/losetup', '/sbin/losetup', '/usr/bin/losetup'].find((p) => existsSync(p));
}

/** An attached loop device: its node, numbers, and how to detach it. */
export interface LoopDevice {
  path: string;
  major: number;
  minor: number;
  detach(): Promise<void>;
}

/** Attaches a new loop device over `file` (made with `bytes` of zeros). */
export async function attachLoopDevice(file: string, bytes = 1024 * 1024): Promise<LoopDevice> {
  const losetup = losetupPath();
  if (!losetup) throw new Error('expected losetup on the host, found none');
  await writeFile(file, Buffer.alloc(bytes));
  const { stdout } = await run(losetup, ['--find', '--show', file], { timeout: 10_000 });
  const path = stdout.trim();
  const rdev = (await stat(path)).rdev;
  return {
    path,
    major: (rdev >> 8) & 0xfff,
    minor: (rdev & 0xff) | ((rdev >> 12) & 0xfff00),
    detach: async () => {
      await run(losetup, ['--detach', path], { timeout: 10_000 });
    },
  };
}
