// Unit tests of the leftover findings and the call cgroup's place; and, as root with runc, a wrapper that
// leaves a detached `sleep` on the host must be found, reported and killed by the scheduler's teardown.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callCgroupDir, leftoverFindings } from './leftovers.js';
import type { CgroupMount } from './host.js';
import { defineCase } from './case.js';
import { RuntimeDriver } from './driver.js';
import { preflight } from './preflight.js';
import { runCases } from './scheduler.js';
import { ensureProbe } from '../probe/locate.js';

const v1 = (mountPoint: string, controllers: string[]): CgroupMount => ({
  mountPoint,
  version: 1,
  controllers,
  root: '/',
});

describe('callCgroupDir', () => {
  it('prefers the v1 pids hierarchy, then cgroup2, then any v1 hierarchy', () => {
    const v2: CgroupMount = { mountPoint: '/sys/fs/cgroup/unified', version: 2, controllers: [], root: '/' };
    expect(callCgroupDir([v1('/c/cpu', ['cpu']), v2, v1('/c/pids', ['pids'])], '/oci-conform-x', 3)).toBe(
      '/c/pids/oci-conform-x/calls/3',
    );
    expect(callCgroupDir([v1('/c/cpu', ['cpu']), v2], '/p', 0)).toBe('/sys/fs/cgroup/unified/p/calls/0');
    expect(callCgroupDir([v1('/c/cpu', ['cpu'])], '/p', 0)).toBe('/c/cpu/p/calls/0');
    expect(callCgroupDir([], '/p', 0)).toBeUndefined();
  });
});

describe('leftoverFindings', () => {
  it('one finding per process and one for state left under --root, against removes-created-resources', () => {
    const fs = leftoverFindings('x', [{ pid: 42, cmdline: 'sleep 300' }], ['x-1']);
    expect(fs.map((f) => f.requirements)).toEqual([
      ['runtime.delete.removes-created-resources'],
      ['runtime.delete.removes-created-resources'],
    ]);
    expect(fs[0]!.actual).toEqual({ pid: 42, cmdline: 'sleep 300' });
    expect(leftoverFindings('x', [], [])).toEqual([]);
  });
});

function hasRunc(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v runc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const skip = process.getuid?.() !== 0 ? 'needs root' : !hasRunc() ? 'needs runc' : null;

describe.skipIf(skip !== null)(`leftover processes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('a detached process the runtime leaves at create is found after delete, reported and killed', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'oci-conform-leak-'));
    try {
      const c = defineCase({
        id: 'leak.probe',
        group: 'leak',
        requirements: ['runtime.delete.removes-created-resources'],
        description: 'create, start, wait for stopped',
        build: (b) => b.probe('exit', ['0']),
        async run(ctx) {
          ctx.check.succeeded(await ctx.runtime.create(), { requirements: [], what: 'create' });
          ctx.check.succeeded(await ctx.runtime.start(), { requirements: [], what: 'start' });
          await ctx.waitForStatus('stopped');
        },
      });
      const wrapper = resolve(import.meta.dirname, '../../test/wrappers/leak-process.sh');
      const out = await runCases([c], {
        driver: new RuntimeDriver({ runtime: wrapper, root: tmp }),
        probe: await ensureProbe(),
        host: await preflight(),
        specVersion: '1.3.0',
        profile: 'spec',
        tmpRoot: tmp,
      });
      const r = out.results[0]!;
      expect(r.status).toBe('fail');
      const leak = r.findings.find((f) => f.rule === 'leak.probe.leftovers');
      expect(leak?.requirements).toEqual(['runtime.delete.removes-created-resources']);
      const { pid, cmdline } = leak!.actual as { pid: number; cmdline: string };
      expect(cmdline).toBe('sleep 300');
      // killed: gone, or a zombie waiting for its reaper
      const state = await readFile(`/proc/${pid}/stat`, 'utf8').then(
        (s) => s.slice(s.lastIndexOf(')') + 2).split(' ')[0],
        () => 'gone',
      );
      expect(['gone', 'Z']).toContain(state);
      expect(out.errors).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
