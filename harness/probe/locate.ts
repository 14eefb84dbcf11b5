// Where the probe's sources live, and the helper that builds the static probe with the system cc
// (harness/native.ts) when it is missing or its sources changed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNative, type NativeRecipe } from '../native.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Source directory of the probe (holds src/). Works from the source tree, dist/harness and dist/cli. */
export function probeSourceDir(): string {
  const candidates = [
    here,
    join(here, '..', '..', '..', 'harness', 'probe'),
    join(here, '..', '..', 'harness', 'probe'),
  ];
  return candidates.find((d) => existsSync(join(d, 'src', 'main.c'))) ?? here;
}

/** How the probe is built: one statically linked binary from src/*.c. */
export function probeRecipe(): NativeRecipe {
  return {
    name: 'the probe',
    sourceDir: probeSourceDir(),
    sources: ['src'],
    headers: ['src'],
    output: 'build/probe',
    cflags: [
      '-Os',
      '-std=c99',
      '-D_GNU_SOURCE',
      '-Wall',
      '-Wextra',
      '-Wno-unused-result',
      '-ffunction-sections',
      '-fdata-sections',
    ],
    ldflags: ['-static', '-Wl,--gc-sections', '-s'],
  };
}

/** Absolute path of the static probe binary in the package (it may not exist yet). */
export function probeBinary(): string {
  return join(probeSourceDir(), 'build', 'probe');
}

/** Returns the probe's path, built first when missing or when a source changed (content hash). */
export function ensureProbe(): Promise<string> {
  return ensureNative(probeRecipe());
}
