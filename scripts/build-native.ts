// Builds the static C parts (the in-container probe, the reference runtime's init) with the system cc,
// as `oci-conform run` does on first use: `npm run build` runs it (node --import tsx).
import { ensureNative } from '../harness/native.js';
import { probeRecipe } from '../harness/probe/locate.js';
import { initRecipe } from '../reference-runtime/init-recipe.js';

/** Builds both binaries (each only when missing or changed); resolves to their paths. */
export async function buildNative(): Promise<string[]> {
  return [await ensureNative(probeRecipe()), await ensureNative(initRecipe())];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildNative();
  } catch (e) {
    process.stderr.write(`build-native: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
