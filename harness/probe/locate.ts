// Where the built probe lives, and a helper that builds it with the system cc when it is missing.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));

/** Source directory of the probe (holds the Makefile). Works from the source tree and from dist/. */
export function probeSourceDir(): string {
  // In dist/harness/probe (tsc) and dist/cli (the bundled CLI) the C sources are not copied; fall
  // back to the source tree beside dist/.
  const candidates = [
    here,
    join(here, '..', '..', '..', 'harness', 'probe'),
    join(here, '..', '..', 'harness', 'probe'),
  ];
  return candidates.find((d) => existsSync(join(d, 'Makefile'))) ?? here;
}

/** Absolute path of the static probe binary (it may not exist yet). */
export function probeBinary(): string {
  return join(probeSourceDir(), 'build', 'probe');
}

/**
 * Returns the probe's path after `make -C harness/probe` (incremental: a no-op when the binary is newer
 * than its sources, a rebuild when a source changed). When make cannot run but a binary exists, that
 * binary is used.
 */
export async function ensureProbe(): Promise<string> {
  const bin = probeBinary();
  const src = probeSourceDir();
  if (existsSync(join(src, 'Makefile'))) {
    try {
      await promisify(execFile)('make', ['-s', '-C', src], { timeout: 120_000 });
    } catch (e) {
      if (!existsSync(bin)) {
        const err = e as { stderr?: string; message: string };
        throw new Error(`building the probe failed (make -C ${src}): ${err.stderr || err.message}`);
      }
    }
  }
  if (!existsSync(bin)) throw new Error(`expected the probe at ${bin} after make, found nothing`);
  return bin;
}
