import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../model/report.js';
import {
  hashFiles,
  loadReferenceCache,
  saveReferenceCache,
  type ReferenceCacheKey,
} from './reference-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'ref-cache-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function result(id: string, status: CaseResult['status']): CaseResult {
  return {
    id,
    group: 'g',
    requirements: [],
    status,
    findings: [],
    durationMs: 1,
    evidence: { observation: { id } },
  };
}

const run = { runTag: 't1', workDir: '/tmp/w' };
const key = (over: Partial<ReferenceCacheKey> = {}): ReferenceCacheKey => ({
  tool: 'tool-1',
  reference: 'ref-1',
  host: { kernel: '6.1', cgroupMode: 'hybrid' },
  options: { specVersion: '1.3.0' },
  ...over,
});

describe('reference cache', () => {
  it('returns what an earlier run saved under the same key, verdicts only (no errors)', async () => {
    const cache = join(dir, 'a');
    await saveReferenceCache(
      cache,
      key(),
      new Map([
        ['x.pass', { result: result('x.pass', 'pass'), run }],
        ['x.error', { result: result('x.error', 'error'), run }],
      ]),
    );
    await saveReferenceCache(cache, key(), new Map([['x.fail', { result: result('x.fail', 'fail'), run }]]));
    const got = await loadReferenceCache(cache, key());
    expect([...got.keys()].sort()).toEqual(['x.fail', 'x.pass']);
    expect(got.get('x.pass')).toEqual({ result: result('x.pass', 'pass'), run });
  });

  it('misses when any part of the key differs', async () => {
    const cache = join(dir, 'b');
    await saveReferenceCache(cache, key(), new Map([['x.pass', { result: result('x.pass', 'pass'), run }]]));
    for (const over of [
      { tool: 'tool-2' },
      { reference: 'ref-2' },
      { host: { kernel: '6.2', cgroupMode: 'hybrid' } },
      { options: { specVersion: '1.2.0' } },
    ])
      expect((await loadReferenceCache(cache, key(over))).size, JSON.stringify(over)).toBe(0);
    expect((await loadReferenceCache(cache, key())).size).toBe(1);
  });

  it('hashes file contents: a changed or missing file changes the hash', () => {
    const f = join(dir, 'f');
    writeFileSync(f, 'one');
    const h1 = hashFiles([f]);
    writeFileSync(f, 'two');
    expect(hashFiles([f])).not.toBe(h1);
    expect(hashFiles([join(dir, 'missing')])).not.toBe(hashFiles([f]));
  });
});
