// vitest global setup, before any test file runs: rebuilds the CLI and API bundles and the reference
// runtime's single-file bundle (`npm run bundle`: the shipped-CLI and package tests run them, the
// reference's launcher runs its bundle), and the static probe and init when their sources changed (content
// hash), so tests never run a stale build. Done once here, never inside a test file: `bundle` empties
// dist/cli first, which would break another file's test running the CLI at that moment.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildNative } from '../scripts/build-native.js';

const repo = fileURLToPath(new URL('../', import.meta.url));

export default async function setup(): Promise<void> {
  await Promise.all([promisify(execFile)('npm', ['run', '-s', 'bundle'], { cwd: repo }), buildNative()]);
}
