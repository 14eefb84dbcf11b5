// Unit tests of the sweeper's stale cgroup parents on a fixture tree standing in for a cgroup hierarchy
// (a temp dir whose cgroup.procs files list real processes): by owner marker, by the pid in a
// reference-runtime test's name, by idleness when no owner is recorded; their processes are killed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostFs, type HostFs } from './cgroups.js';
import type { CgroupMount } from './host.js';
import { ownerMarker, processStartTime, staleParentReason, sweepStaleCgroupParents } from './sweep.js';

let hierarchy: string;
// A cgroup dir is removed with rmdir even though it holds interface files: the fixture's dirs are
// removed whole.
const fs: HostFs = { ...hostFs(), rmdir: (p) => rm(p, { recursive: true }) };
let deadPid: number;
beforeAll(async () => {
  hierarchy = await mkdtemp(join(tmpdir(), 'sweep-test-'));
  deadPid = spawnSync('true').pid!;
});
afterAll(async () => {
  await rm(hierarchy, { recursive: true, force: true });
});

async function cgroup(path: string, procs: number[] = []): Promise<string> {
  const dir = join(hierarchy, path);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'cgroup.procs'), procs.map((p) => `${p}\n`).join(''));
  return dir;
}

describe('stale cgroup parents', () => {
  it('are removed when their owner is gone, their processes killed; live, unknown or foreign ones are kept', async () => {
    const self = (await processStartTime('self'))!;
    const orphan = spawn('sleep', ['300'], { stdio: 'ignore' });
    const exited = new Promise((r) => orphan.on('exit', (_c, sig) => r(sig)));
    await cgroup(`oci-conform-aaaa1111/${ownerMarker(deadPid, '12345')}`);
    await cgroup('oci-conform-aaaa1111/calls/0', [orphan.pid!]);
    await cgroup(`oci-conform-bbbb2222/${ownerMarker(process.pid, self)}`);
    await cgroup('oci-conform-bbbb2222/0-0');
    await cgroup(`oci-conform-reftest-${deadPid}-ab12cd34`);
    await cgroup(`oci-conform-reftest-rrown${process.pid}-ef56`);
    await cgroup('oci-conform-cccc3333/0-0');
    await cgroup('not-ours');
    const mounts: CgroupMount[] = [{ mountPoint: hierarchy, version: 1, controllers: ['pids'], root: '/' }];
    const lines = await sweepStaleCgroupParents(fs, mounts);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/oci-conform-aaaa1111 \(owner pid \d+ is gone\): 1 process\(es\) ended/);
    expect(lines.join('\n')).toMatch(/oci-conform-reftest-\d+-ab12cd34 \(owner pid \d+ is gone\)/);
    expect(await exited).toBe('SIGKILL');
    expect((await readdir(hierarchy)).sort()).toEqual([
      'not-ours',
      'oci-conform-bbbb2222',
      'oci-conform-cccc3333',
      `oci-conform-reftest-rrown${process.pid}-ef56`,
    ]);
  });

  it('without an owner: kept while a process lives in it or a cgroup was made in it within the hour', async () => {
    const dir = await cgroup('oci-conform-dddd4444/0-1');
    const parent = join(hierarchy, 'oci-conform-dddd4444');
    const later = Date.now() + 2 * 60 * 60 * 1000;
    expect(await staleParentReason(fs, parent, 'oci-conform-dddd4444')).toBeUndefined();
    expect(await staleParentReason(fs, parent, 'oci-conform-dddd4444', later)).toMatch(
      /no owner recorded, no process and no new cgroup for \d+ min/,
    );
    const busy = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, 'cgroup.procs'), `${busy.pid}\n`);
      expect(await staleParentReason(fs, parent, 'oci-conform-dddd4444', later)).toBeUndefined();
    } finally {
      busy.kill('SIGKILL');
    }
    expect(existsSync(parent)).toBe(true);
  });
});
