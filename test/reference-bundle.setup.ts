// vitest global setup: rebuilds the reference runtime's single-file bundle, which its launcher runs, and
// the static probe and init when their sources changed (content hash), so tests never run a stale build.
import { bundleReference } from '../scripts/bundle-reference.mjs';
import { buildNative } from '../scripts/build-native.js';

export default async function setup(): Promise<void> {
  await Promise.all([bundleReference(), buildNative()]);
}
