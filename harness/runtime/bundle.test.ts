import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, rootfsDirs } from './bundle.js';
import { defaultConfig } from './config-builder.js';

let dir: string;
let probe: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-test-'));
  probe = join(dir, 'probe-bin');
  await writeFile(probe, '#!/bin/true\n', { mode: 0o755 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundle builder', () => {
  it('writes config.json and a fresh rootfs holding only the probe and empty mount points', async () => {
    const config = defaultConfig({ cgroupsPath: '/x/y' });
    const b = await createBundle(join(dir, 'b1'), config, { probe, cgroupsPath: '/x/y' });
    expect(JSON.parse(await readFile(b.configPath, 'utf8'))).toEqual(config);
    expect((await readdir(b.rootfs)).sort()).toEqual([...rootfsDirs, 'probe'].sort());
    for (const d of rootfsDirs) expect(await readdir(join(b.rootfs, d))).toEqual([]);
    expect((await stat(join(b.rootfs, 'probe'))).mode & 0o111).not.toBe(0);
    expect(b.hostPath('/marker')).toBe(join(dir, 'b1', 'rootfs', 'marker'));
    expect(b.cgroupsPath).toBe('/x/y');
  });

  it('rewrites config.json on request and refuses an existing dir', async () => {
    const b = await createBundle(join(dir, 'b2'), defaultConfig(), { probe });
    await b.writeConfig({ ...b.config, hostname: 'edited' });
    expect(JSON.parse(await readFile(b.configPath, 'utf8')).hostname).toBe('edited');
    expect(b.config.hostname).toBe('edited');
    await expect(createBundle(join(dir, 'b2'), defaultConfig(), { probe })).rejects.toThrow();
  });
});
