// scripts/vm.sh: argument handling and host-side failures (no guest boots to completion here), and the
// clean-up on a signal: no qemu process and no temp file is left behind.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const vm = fileURLToPath(new URL('./vm.sh', import.meta.url));
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vm-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string> = {}) =>
  execa(vm, args, { reject: false, env: { TMPDIR: tmp, OCI_CONFORM_VM_CACHE: join(tmp, 'cache'), ...env } });

describe('scripts/vm.sh arguments', () => {
  it.each([
    [['--cgroup', 'v3', '--', 'true'], "--cgroup: expected v2, v1 or hybrid but found 'v3'"],
    [['--cgroup=unified', '--', 'true'], "--cgroup: expected v2, v1 or hybrid but found 'unified'"],
    [['--mem', '2G', '--', 'true'], "--mem: expected a positive integer but found '2G'"],
    [['--cpus', '0', '--', 'true'], "--cpus: expected a positive integer but found '0'"],
    [['--timeout'], '--timeout: expected a value but found none'],
    [
      ['--share', '/nonexistent-dir', '--', 'true'],
      "--share: expected a directory but '/nonexistent-dir' is not one",
    ],
    [['--cgroup', 'v2'], 'expected a command after -- but found none'],
    [['--cgroup', 'v2', '--'], 'expected a command after -- but found none'],
    [['true'], "expected options, then -- and the command, but found 'true'"],
    [['--jobs', '2', '--', 'true'], "expected options, then -- and the command, but found '--jobs'"],
  ])('%j is a usage error (exit 2) that says what was expected', async (args, message) => {
    const r = await run(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`vm.sh: ${message}`);
    expect(r.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^usage: scripts\/vm.sh \[--cgroup v2\|v1\|hybrid\]/);
  });

  it('a missing kernel is an environment failure (exit 3) with the reason, before anything starts', async () => {
    const r = await run(['--', 'true'], { OCI_CONFORM_VM_KERNEL: '0.0.0-none' });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('vm.sh: cannot boot: /boot/vmlinuz-0.0.0-none is missing or unreadable');
    expect(await readdir(tmp)).toEqual([]);
  });
});

describe('scripts/vm.sh failures of the guest', () => {
  it('a guest that cannot boot (16 MB of memory) exits 3 with the reason', async () => {
    const r = await run(['--mem', '16', '--', 'true']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/vm\.sh: the guest could not boot \(after \d+ s; qemu exit code \d+\)/);
    expect((await readdir(tmp)).filter((e) => e !== 'cache')).toEqual([]);
  });

  it('--timeout stops the guest and exits 3 with the reason', async () => {
    const r = await run(['--timeout', '1', '--', 'true']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('vm.sh: the guest did not finish within 1 s (--timeout); it was stopped');
    expect((await readdir(tmp)).filter((e) => e !== 'cache')).toEqual([]);
  });

  it('SIGTERM stops its qemu (by pid) and removes its temp files', async () => {
    const child = execa(vm, ['--', 'sleep', '600'], {
      reject: false,
      env: { TMPDIR: tmp, OCI_CONFORM_VM_CACHE: join(tmp, 'cache') },
    });
    // Wait until this vm.sh has started its qemu (the initramfs may have to be built first).
    let qemu: number | undefined;
    for (let i = 0; i < 600 && qemu === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const ps = await execa('ps', ['-o', 'pid=,comm=', '--ppid', String(child.pid)], { reject: false });
      const line = ps.stdout.split('\n').find((l) => l.includes('qemu-system'));
      if (line) qemu = Number(line.trim().split(/\s+/)[0]);
    }
    expect(qemu).toBeGreaterThan(0);
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('vm.sh: SIGTERM: stopping the guest');
    const alive = (() => {
      try {
        return readFileSync(`/proc/${qemu}/cmdline`, 'utf8').includes('qemu-system');
      } catch {
        return false;
      }
    })();
    expect(alive).toBe(false);
    expect((await readdir(tmp)).filter((e) => e !== 'cache')).toEqual([]);
  });
});
