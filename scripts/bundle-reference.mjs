// Bundles the reference runtime into one file, dist/reference-runtime/oci-reference-runtime.mjs, the
// launcher's only input (npm run build; vitest's global setup too, so tests never run a stale build).
import { argv } from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the bundle; resolves to its path. */
export async function bundleReference() {
  const { build } = await import('esbuild');
  const outfile = join(repo, 'dist', 'reference-runtime', 'oci-reference-runtime.mjs');
  await build({
    entryPoints: [join(repo, 'reference-runtime', 'main.ts')],
    absWorkingDir: repo,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ajv stays a package (schemas/ loads it and the generated validators with require, on demand).
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) await bundleReference();
