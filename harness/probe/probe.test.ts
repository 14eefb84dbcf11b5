// Runs the built probe on the host and checks that every mode prints what its contract says,
// reflecting real values the test controls (umask, env, args, paths, exit code, signals).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureProbe } from './locate.js';
import {
  ProbeOutputError,
  parseHookLog,
  parseObservation,
  parseTryResult,
  parseTryResults,
  parseWaitEvents,
} from './observation.js';

let probe = '';
let dir = '';

beforeAll(async () => {
  probe = await ensureProbe();
  dir = mkdtempSync(join(tmpdir(), 'probe-test-'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], opts: { env?: NodeJS.ProcessEnv; umask?: string; input?: string } = {}) {
  // umask is applied by a sh wrapper so the probe inherits it from its parent, as in a container.
  const argv = opts.umask
    ? ['sh', '-c', `umask ${opts.umask}; exec "$@"`, 'sh', probe, ...args]
    : [probe, ...args];
  return spawnSync(argv[0]!, argv.slice(1), {
    env: opts.env ?? { PATH: '/usr/bin:/bin' },
    input: opts.input ?? '',
    encoding: 'utf8',
  });
}

describe('probe report', () => {
  it('reflects umask, env, args, cwd, ids and rlimits of the process', () => {
    const r = run(['report'], { umask: '027', env: { PATH: '/usr/bin:/bin', PROBE_TEST: 'x=y' } });
    expect(r.status).toBe(0);
    const o = parseObservation(r.stdout);
    expect(o.umask).toBe(0o027);
    expect(o.env).toContain('PROBE_TEST=x=y');
    expect(o.args.slice(1)).toEqual(['report']);
    expect(o.cwd).toBe(process.cwd());
    expect(o.user.uid).toBe(process.getuid!());
    expect(o.user.gid).toBe(process.getgid!());
    expect(o.pid).toBeGreaterThan(1);
    expect(o.errors).toEqual([]);
    const nofile = o.rlimits.RLIMIT_NOFILE!;
    const ulimit = spawnSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    const asLimit = (s: string) => (s === 'unlimited' ? '18446744073709551615' : s);
    expect([nofile.soft, nofile.hard]).toEqual(ulimit.map(asLimit));
  });

  it('reads capabilities, namespaces, mounts and cgroups as the kernel shows them', () => {
    const o = parseObservation(run(['report']).stdout);
    const status = readFileSync('/proc/self/status', 'utf8');
    const bnd = /CapBnd:\s*([0-9a-f]+)/.exec(status)![1];
    expect(o.capabilities!.bounding!.hex).toBe(bnd);
    if (BigInt(`0x${bnd}`) & 1n) expect(o.capabilities!.bounding!.names).toContain('CAP_CHOWN');
    const utsLink = spawnSync('readlink', ['/proc/self/ns/uts'], { encoding: 'utf8' }).stdout.trim();
    expect(o.namespaces.uts!.link).toBe(utsLink);
    expect(o.namespaces.uts!.inode).toBe(Number(/\[(\d+)\]/.exec(utsLink)![1]));
    const root = o.mounts!.find((m) => m.mountPoint === '/');
    expect(root).toBeDefined();
    expect(o.mounts!.find((m) => m.mountPoint === '/proc')?.fstype).toBe('proc');
    expect(o.cgroups!.length).toBeGreaterThan(0);
    expect(o.devices.find((d) => d.path === '/dev/null')).toMatchObject({ type: 'char', major: 1, minor: 3 });
  });

  it('probes paths: existing file, missing file, directory, and reads sysctls', () => {
    const f = join(dir, 'file');
    writeFileSync(f, 'hello');
    const d = join(dir, 'sub');
    mkdirSync(d);
    writeFileSync(join(d, 'a'), '');
    const r = run([
      'report',
      '--path',
      f,
      '--path',
      join(dir, 'missing'),
      '--path',
      d,
      '--sysctl',
      'kernel.ostype',
      '--sysctl',
      'kernel.no_such_sysctl',
    ]);
    const o = parseObservation(r.stdout);
    const [pf, pm, pd] = o.paths;
    expect(pf).toMatchObject({
      path: f,
      exists: true,
      type: 'file',
      size: 5,
      read: { ok: true, bytes: 5, head: 'hello' },
    });
    expect(pm).toMatchObject({ exists: false, error: 'ENOENT' });
    expect(pd).toMatchObject({
      exists: true,
      type: 'dir',
      read: { ok: true, entries: 1 },
      write: { ok: true },
    });
    expect(existsSync(join(d, `.probe-write-${o.pid}`))).toBe(false);
    expect(o.sysctls['kernel.ostype']).toMatchObject({ ok: true, value: 'Linux' });
    expect(o.sysctls['kernel.no_such_sysctl']).toMatchObject({ ok: false, error: 'ENOENT', value: null });
  });

  it('prints valid JSON for any bytes in env and args', () => {
    const r = spawnSync(probe, ['report'], {
      env: { WEIRD: 'a\u0001b"c\\d\u00e9' },
      encoding: 'buffer',
    });
    // A raw invalid UTF-8 byte and control character through a sh wrapper.
    const raw = spawnSync('sh', ['-c', `exec env -i "$(printf 'B=\\377\\001\\nx')" "$0" report`, probe], {
      encoding: 'utf8',
    });
    const o = parseObservation(r.stdout.toString('utf8'));
    expect(o.env).toContain('WEIRD=a\u0001b"c\\d\u00e9');
    const o2 = parseObservation(raw.stdout);
    expect(o2.env).toContain('B=\u00ff\u0001\nx');
  });

  it('marker: --marker creates the file before running the mode', () => {
    const m = join(dir, 'marker');
    const r = run(['--marker', m, 'exit', '0']);
    expect(r.status).toBe(0);
    expect(existsSync(m)).toBe(true);
  });
});

describe('probe exit and try', () => {
  it('exit CODE exits with CODE', () => {
    expect(run(['exit', '7']).status).toBe(7);
    expect(run(['exit', '0']).status).toBe(0);
    expect(run(['exit', 'x']).status).toBe(2);
  });

  it('try reports success, errno and errno name', () => {
    const miss = parseTryResult(run(['try', 'open-read', join(dir, 'nope')]).stdout);
    expect(miss).toMatchObject({ op: 'open-read', ok: false, errno: 2, error: 'ENOENT' });
    const mk = parseTryResult(run(['try', 'mkdir', join(dir, 'made')]).stdout);
    expect(mk).toMatchObject({ ok: true, errno: 0 });
    const sys = parseTryResult(run(['try', 'syscall', 'mkdir', join(dir, 'nope', 'deeper')]).stdout);
    expect(sys).toMatchObject({
      op: 'syscall',
      args: ['mkdir', join(dir, 'nope', 'deeper')],
      ok: false,
      error: 'ENOENT',
    });
    const gc = parseTryResult(run(['try', 'syscall', 'getcwd']).stdout);
    expect(gc.ok).toBe(true);
    const ex = parseTryResult(run(['try', 'exec', '/bin/sh', '-c', 'exit 5']).stdout);
    expect(ex).toMatchObject({ ok: true, result: 5 });
    const nx = parseTryResult(run(['try', 'exec', join(dir, 'nope')]).stdout);
    expect(nx).toMatchObject({ ok: false, error: 'ENOENT' });
    expect(run(['try', 'syscall', 'no_such_syscall']).status).toBe(2);
  });

  it('tries runs several operations in order and prints one array', () => {
    const r = run([
      'tries',
      'exec',
      '/bin/sh',
      '-c',
      'exit 4',
      '--',
      'open-read',
      join(dir, 'nope'),
      '--',
      'syscall',
      'getpid',
    ]);
    expect(r.status).toBe(0);
    const all = parseTryResults(r.stdout);
    expect(all.map((t) => [t.op, t.ok, t.error])).toEqual([
      ['exec', true, null],
      ['open-read', false, 'ENOENT'],
      ['syscall', true, null],
    ]);
    expect(all[0]!.result).toBe(4);
    expect(all[2]!.result).toBeGreaterThan(1);
    expect(run(['tries', 'syscall', 'getpid', '--']).status).toBe(2);
  });
});

describe('probe wait', () => {
  it('records SIGUSR1 and SIGTERM in order and exits after N signals', async () => {
    const child = spawn(probe, ['wait', '--exit-after', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await ready;
    child.kill('SIGUSR1');
    // Wait until the first signal line is printed before sending the next (ordering is the point).
    const deadline = Date.now() + 5000;
    while (!out.includes('SIGUSR1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const ev = parseWaitEvents(out);
    expect(ev).toEqual([
      { event: 'ready', pid: child.pid },
      { event: 'signal', signo: 10, name: 'SIGUSR1' },
      { event: 'signal', signo: 15, name: 'SIGTERM' },
    ]);
  });
});

describe('probe hook', () => {
  it('appends one record with argv, stdin state and name, and exits with --exit', () => {
    const log = join(dir, 'hooks.log');
    const state = '{"ociVersion":"1.3.0","id":"c1","status":"creating","pid":1,"bundle":"/b"}';
    const a = run(['hook', '--log', log, '--name', 'prestart'], { input: state });
    const b = run(['hook', '--log', log, '--name', 'poststop', '--exit', '3'], { input: 'not json' });
    expect(a.status).toBe(0);
    expect(b.status).toBe(3);
    const recs = parseHookLog(readFileSync(log, 'utf8'));
    expect(recs.map((r) => r.name)).toEqual(['prestart', 'poststop']);
    expect(recs[0]!.stdin).toBe(state);
    expect(recs[0]!.args.slice(1)).toEqual(['hook', '--log', log, '--name', 'prestart']);
    expect(recs[0]!.statePidProcess?.pid).toBe(1);
    expect(BigInt(recs[1]!.monotonicNs)).toBeGreaterThanOrEqual(BigInt(recs[0]!.monotonicNs));
  });
});

describe('observation parser', () => {
  it('rejects garbage with a clear error', () => {
    expect(() => parseObservation('')).toThrow(ProbeOutputError);
    expect(() => parseObservation('sh: probe: not found')).toThrow(/unparsable text/);
    expect(() => parseObservation('{"probeVersion":1}')).toThrow(/expected an integer at \/pid/);
    expect(() => parseTryResult('{"op":"x","args":[],"ok":"yes","errno":0,"error":null}')).toThrow(/\/ok/);
    expect(() => parseWaitEvents('{"event":"ready"}\n')).toThrow(/\/pid/);
  });

  it('ignores a partial last wait line when asked', () => {
    expect(parseWaitEvents('{"event":"ready","pid":3}\n{"event":"sig', true)).toEqual([
      { event: 'ready', pid: 3 },
    ]);
  });
});
