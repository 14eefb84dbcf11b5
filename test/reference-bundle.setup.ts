// vitest global setup: rebuilds the reference runtime's single-file bundle, which its launcher runs.
import { bundleReference } from '../scripts/bundle-reference.mjs';

export default async function setup(): Promise<void> {
  await bundleReference();
}
