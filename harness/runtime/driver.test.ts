import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxCapture, parseStateOutput, runCommand, RuntimeDriver } from './driver.js';

let dir: string;
let fake: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driver-test-'));
  fake = join(dir, 'fake-runtime');
  // A fake runtime whose behaviour is chosen by the subcommand after the global args.
  await writeFile(
    fake,
    `#!/bin/sh
echo "$@" >> "${dir}/calls"
while [ "$1" != "" ]; do case "$1" in --root|--log) shift 2;; --*) shift;; *) break;; esac; done
case "$1" in
  state) echo '{"ociVersion":"1.0.2","id":"'$2'","status":"created","pid":1,"bundle":"/b"}';;
  hang) sleep 30;;
  garbage) printf 'not json\\n'; exit 0;;
  crash) kill -SEGV $$;;
  fail) echo "level=error msg=nope" >&2; exit 7;;
  create) (sleep 3; echo late) & for a in "$@"; do id=$a; done; echo "created $id"; exit 0;;
  grandchild) (sleep 30) & echo $! > "${dir}/grandchild.pid"; echo out; exit 0;;
esac
`,
  );
  await chmod(fake, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runtime driver', () => {
  it('puts the user global args and --root before the subcommand and returns the record', async () => {
    const d = new RuntimeDriver({ runtime: fake, runtimeArgs: ['--debug'], root: '/r' });
    const r = await d.state('c1');
    expect(r.argv).toEqual([fake, '--debug', '--root', '/r', 'state', 'c1']);
    expect(r.exitCode).toBe(0);
    expect(parseStateOutput(r.stdout).value).toMatchObject({ id: 'c1', status: 'created' });
    expect(r.timedOut).toBe(false);
    expect(r.durationMs).toBeGreaterThan(0);
    const k = await d.kill('c1', 9);
    expect(k.argv.slice(-3)).toEqual(['kill', 'c1', '9']);
    const del = await d.delete('c1', { force: true });
    expect(del.argv.slice(-3)).toEqual(['delete', '--force', 'c1']);
  });

  it('returns exit code and stderr of a failing call', async () => {
    const r = await new RuntimeDriver({ runtime: fake, root: '/r' }).call(['fail']);
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toMatch(/nope/);
  });

  it('kills a hanging call at its timeout', async () => {
    const t0 = Date.now();
    const r = await new RuntimeDriver({ runtime: fake, root: '/r', timeoutMs: 300 }).call(['hang']);
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGKILL');
    // killed at the 300 ms timeout, not at the end of the fake's 30 s sleep (bound: 10x the timeout)
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('stops a call when its signal aborts, near the abort and not at the default time-out', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const d = new RuntimeDriver({ runtime: fake, root: '/r' });
    expect(d.timeoutMs).toBe(10_000);
    const r = await d.call(['hang'], { signal: ac.signal });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    // aborted at 100 ms: 10x that is still far below the 10 s default time-out
    expect(r.durationMs).toBeLessThan(1000);
  });

  it('reports a crash by signal and a missing binary as data', async () => {
    const r = await new RuntimeDriver({ runtime: fake, root: '/r' }).call(['crash']);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGSEGV');
    const m = await new RuntimeDriver({ runtime: join(dir, 'missing'), root: '/r' }).call(['state', 'x']);
    expect(m.exitCode).toBeNull();
    expect(m.stderr).toMatch(/spawn failed/);
  });

  it('does not wait for a grandchild that keeps a pipe open, and says the output may be cut', async () => {
    const t0 = Date.now();
    try {
      const r = await new RuntimeDriver({ runtime: fake, root: '/r', timeoutMs: 5000 }).call(['grandchild']);
      expect(r.exitCode).toBe(0);
      expect(r.timedOut).toBe(false);
      expect(r.stdout).toBe('out\n');
      expect(r.stderr).toMatch(/stdout or stderr was still open 2000 ms after it exited/);
      // the grandchild holds the pipe for 30 s; the call returns after the grace (2 s for a 5 s deadline)
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      const pid = Number(await readFile(join(dir, 'grandchild.pid'), 'utf8'));
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });

  it('gives create files for stdio: it returns at once though the container keeps writing', async () => {
    const out = join(dir, 'c.out');
    const err = join(dir, 'c.err');
    const t0 = Date.now();
    const r = await new RuntimeDriver({ runtime: fake, root: '/r' }).create('c2', '/b', {
      pidFile: '/p',
      stdioFiles: { stdout: out, stderr: err },
    });
    // the container's background writer runs for 3 s; create returns when the runtime exits (tens of ms)
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(r.argv.slice(-6)).toEqual(['create', '--pid-file', '/p', '--bundle', '/b', 'c2']);
    expect(r.stdout).toBe('created c2\n');
    expect(await readFile(out, 'utf8')).toBe('created c2\n');
  });

  it('parses state output or says why not', () => {
    expect(parseStateOutput('{"a":1}\n\n').value).toEqual({ a: 1 });
    expect(parseStateOutput('').error).toMatch(/nothing/);
    expect(parseStateOutput('[1]').error).toMatch(/array/);
    expect(parseStateOutput('garbage').error).toMatch(/unparsable/);
  });

  it('keeps the first MiB of a stream and counts the rest (pipes and stdio files alike)', async () => {
    const r = await runCommand('sh', ['-c', 'head -c 3000000 /dev/zero | tr "\\0" x'], { timeoutMs: 20_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(maxCapture);
    expect(r.outputBytes).toEqual({ stdout: 3_000_000 });
    const small = await runCommand('sh', ['-c', 'echo hi'], { timeoutMs: 5000 });
    expect(small.outputBytes).toBeUndefined();
    const files = { stdout: join(dir, 'big.out'), stderr: join(dir, 'big.err') };
    await writeFile(files.stdout, 'before\n');
    const f = await runCommand('sh', ['-c', 'head -c 2000000 /dev/zero | tr "\\0" y; echo oops >&2'], {
      timeoutMs: 20_000,
      stdioFiles: files,
    });
    expect(f.stdout.length).toBe(maxCapture);
    expect(f.stdout.startsWith('yyy')).toBe(true);
    expect(f.outputBytes).toEqual({ stdout: 2_000_000 });
    expect(f.stderr).toBe('oops\n');
  });
});
