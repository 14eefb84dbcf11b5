// scripts/vm.sh boots a real guest (once): the cgroup mode inside, separate stdout and stderr, the exit code,
// the writable checkout, the private /tmp and the guest's environment. Fails (never skips) when it cannot boot.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const vm = fileURLToPath(new URL('./vm.sh', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('scripts/vm.sh in a real guest', () => {
  it('runs the command on cgroup v2 with its own streams, exit code, /tmp, and a writable share', async () => {
    const share = await mkdtemp(join(tmpdir(), 'vm-share-'));
    const hostTmp = await mkdtemp(join(tmpdir(), 'vm-hosttmp-'));
    dirs.push(share, hostTmp);
    await writeFile(join(hostTmp, 'marker'), 'host\n');
    const script = [
      'echo "fs=$(stat -fc %T /sys/fs/cgroup)"',
      'echo "subtree=$(cat /sys/fs/cgroup/cgroup.subtree_control)"',
      'echo "v1=$(grep -c " - cgroup " /proc/self/mountinfo)"',
      `echo "hosttmp=$(test -e '${hostTmp}/marker' && echo visible || echo private)"`,
      'echo "cwd=$PWD"',
      'echo "scale=$OCI_CONFORM_TIMEOUT_SCALE"',
      'echo "passed=$OCI_CONFORM_TEST_PASSED"',
      'echo "uid=$(id -u) host=$(hostname)"',
      'echo "lo=$(cat /sys/class/net/lo/operstate)"',
      'echo "clock=$(date +%s)"',
      `echo back > '${share}/from-guest'`,
      'echo to-stderr >&2',
      'exit 42',
    ].join('\n');
    const before = Math.floor(Date.now() / 1000);
    const r = await execa(vm, ['--cgroup', 'v2', '--share', share, '--', 'sh', '-c', script], {
      reject: false,
      env: { OCI_CONFORM_TEST_PASSED: 'through', OCI_CONFORM_TIMEOUT_SCALE: '' },
    });
    const after = Math.ceil(Date.now() / 1000);
    expect(r.stderr, r.stderr).toBe('to-stderr');
    expect(r.exitCode).toBe(42);
    const got = Object.fromEntries(
      r.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(got.fs).toBe('cgroup2fs');
    // Every controller of the root is enabled for children.
    expect(got.subtree?.split(' ')).toEqual(expect.arrayContaining(['cpu', 'memory', 'pids', 'io']));
    expect(got.v1).toBe('0');
    expect(got.hosttmp).toBe('private');
    expect(got.cwd).toBe(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
    // Measured in the guest (a Node start in units of 100 ms), within its bounds.
    expect(Number(got.scale)).toBeGreaterThanOrEqual(10);
    expect(Number(got.scale)).toBeLessThanOrEqual(100);
    expect(got.passed).toBe('through');
    expect(got.uid).toBe('0 host=oci-vm');
    expect(got.lo).toBe('unknown'); // up: the loopback has no carrier state
    expect(Number(got.clock)).toBeGreaterThanOrEqual(before - 2);
    expect(Number(got.clock)).toBeLessThanOrEqual(after + 2);
    expect(await readFile(join(share, 'from-guest'), 'utf8')).toBe('back\n');
    // The guest's writes to anything but the share stay in the guest.
    expect(existsSync(join(hostTmp, 'from-guest'))).toBe(false);
  }, 300_000);
});
