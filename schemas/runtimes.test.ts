// The configs and features documents real runtimes print must pass our schemas for their version.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSpecVersion, validateDocument } from './index.js';

function which(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs `<bin> spec [args]` in a fresh temp dir and returns the parsed config.json. */
function specOf(bin: string, args: string[]): any {
  const dir = mkdtempSync(join(tmpdir(), 'schemas-spec-'));
  dirs.push(dir);
  execFileSync(bin, ['spec', ...args], { cwd: dir, stdio: 'ignore' });
  return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
}

describe.each([
  ['runc', []],
  ['runc', ['--rootless']],
  ['crun', []],
  ['crun', ['--rootless']],
] as const)('%s spec %j', (bin, args) => {
  it.skipIf(!which(bin))('gives no schema errors for its declared version, nor for any later one', () => {
    const config = specOf(bin, [...args]);
    const { version } = resolveSpecVersion(config.ociVersion);
    expect(validateDocument('config', version, config)).toEqual([]);
    for (const v of ['1.1.0', '1.2.0', '1.2.1', '1.3.0'])
      expect(validateDocument('config', v, config)).toEqual([]);
  });
});

describe('runc features', () => {
  it.skipIf(!which('runc'))('gives no schema errors for its ociVersionMax', () => {
    let out: string;
    try {
      out = execFileSync('runc', ['features'], { encoding: 'utf8' });
    } catch {
      return; // runc older than 1.1 has no features command
    }
    const features = JSON.parse(out);
    const { version } = resolveSpecVersion(features.ociVersionMax);
    expect(validateDocument('features', version, features)).toEqual([]);
  });
});
