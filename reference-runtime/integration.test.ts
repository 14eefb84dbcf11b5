// Integration tests of the reference runtime: real containers through the CLI (root only).
// A tiny static helper (test/tiny.c) is the container's only binary and also serves as the hook.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostFs, removeCgroupTree } from '../harness/runtime/cgroups.js';
import { ensureNative } from '../harness/native.js';
import { defaultMounts, defaultNamespaces } from '../schemas/runtime/defaults.js';
import { initRecipe } from './init-recipe.js';

const here = dirname(fileURLToPath(import.meta.url));

function have(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const isRoot = process.getuid?.() === 0;
const hasCc = have('cc', ['--version']);
/** Whether cgroup directories can be made here (not in a container with a read-only cgroupfs). */
function cgroupsWritable(): boolean {
  const mi = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const mount = mi.map((l) => l.split(' ')).find((f) => f.includes('cgroup') || f.includes('cgroup2'));
  if (!mount) return false;
  const probe = join(mount[4]!, `rr-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

const skipReason = !isRoot
  ? 'needs root'
  : !hasCc
    ? 'needs cc to build the init and the test helper'
    : !cgroupsWritable()
      ? 'needs a writable cgroup hierarchy'
      : null;

let work = '';
let tiny = '';
let root = '';
let cliJs = '';
let initPath = '';
const runId = `rrit${process.pid}`;
let seq = 0;
const leftovers: { id: string; cgroupPath: string }[] = [];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI with a private --root; `out` gives the call file stdio (create, as harnesses must);
 * `extraFds` are passed on as descriptors 3, 4... (what a careless caller leaks into the runtime).
 */
function rr(
  args: string[],
  out?: string,
  extraEnv: Record<string, string> = {},
  extraFds: number[] = [],
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, OCI_REF_INIT: initPath, ...extraEnv };
    const fd = out ? openSync(out, 'a') : undefined;
    const child = spawn(process.execPath, [cliJs, '--root', root, ...args], {
      stdio: [...(fd !== undefined ? ['ignore', fd, fd] : ['ignore', 'pipe', 'pipe']), ...extraFds] as any,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (fd !== undefined) {
        closeSync(fd);
        stderr = readFileSync(out!, 'utf8');
      }
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

async function state(
  id: string,
): Promise<{ status: string; pid?: number; bundle: string; id: string; ociVersion: string }> {
  const r = await rr(['state', id]);
  if (r.code !== 0) throw new Error(`state ${id} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function waitFor(pred: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A fresh bundle whose rootfs holds only the helper at /bin/tiny. */
function bundle(mutate: (c: any) => void = () => undefined): {
  dir: string;
  id: string;
  out: string;
  cgroupPath: string;
} {
  const id = `${runId}-${++seq}`;
  const dir = join(work, id);
  mkdirSync(join(dir, 'rootfs', 'bin'), { recursive: true });
  copyFileSync(tiny, join(dir, 'rootfs', 'bin', 'tiny'));
  const cgroupPath = `/${runId}/${id}`;
  const c: any = {
    ociVersion: '1.3.0',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['/bin/tiny', 'wait'],
      env: ['PATH=/bin', 'TINY=yes'],
      cwd: '/',
      capabilities: {
        bounding: ['CAP_KILL', 'CAP_AUDIT_WRITE', 'CAP_NET_BIND_SERVICE'],
        effective: ['CAP_KILL'],
        permitted: ['CAP_KILL'],
      },
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'rr-test',
    // The shared default mounts without /dev/shm and /dev/mqueue (the test programs use neither).
    mounts: defaultMounts().filter((m) => m.destination !== '/dev/shm' && m.destination !== '/dev/mqueue'),
    linux: {
      cgroupsPath: cgroupPath,
      namespaces: defaultNamespaces(),
      maskedPaths: ['/proc/keys', '/sys/firmware'],
      readonlyPaths: ['/proc/sys'],
    },
  };
  mutate(c);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(c, null, 2));
  leftovers.push({ id, cgroupPath });
  return { dir, id, out: join(dir, 'out.txt'), cgroupPath };
}

const memoryMount = (): string | undefined => {
  const mi = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const v1 = mi.find((l) => / - cgroup cgroup .*\bmemory\b/.test(l));
  if (v1) return v1.split(' ')[4];
  const v2 = mi.find((l) => / - cgroup2 /.test(l) && l.split(' ')[4] === '/sys/fs/cgroup');
  return v2 ? '/sys/fs/cgroup' : undefined;
};

function procState(pid: number): string | undefined {
  try {
    const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return t.slice(t.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z';
};

describe.skipIf(skipReason !== null)(
  `reference runtime integration${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      initPath = await ensureNative(initRecipe());
      work = mkdtempSync(join(tmpdir(), 'rr-it-'));
      // user-namespaced containers must be able to reach their rootfs
      chmodSync(work, 0o755);
      // The launcher runs the single-file build vitest's global setup made (test/reference-bundle.setup.ts).
      cliJs = join(here, 'bin', 'oci-reference-runtime');
      root = join(work, 'state');
      tiny = join(work, 'tiny');
      execFileSync('cc', ['-static', '-O1', '-o', tiny, join(here, 'test', 'tiny.c')]);
    });

    afterAll(async () => {
      // Teardown never hides a verdict: force-delete anything a failed test left behind.
      for (const l of leftovers) await rr(['delete', '--force', l.id]);
      // Children first: a container cgroup a failed test left (its process gone) must not keep the run's
      // parent alive; what is still in use stays.
      for (const h of readdirSync('/sys/fs/cgroup').map((d) => join('/sys/fs/cgroup', d)))
        await removeCgroupTree(hostFs(), join(h, runId));
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('runs the lifecycle: created with a pid, running after start, stopped after the process exits, gone after delete', async () => {
      const b = bundle((c) => {
        c.linux.resources = { memory: { limit: 64 * 1024 * 1024 }, pids: { limit: 42 } };
      });
      const pidFile = join(b.dir, 'pid');
      const c = await rr(['create', '--bundle', b.dir, '--pid-file', pidFile, b.id], b.out);
      expect(c, c.stderr).toMatchObject({ code: 0 });
      const s1 = await state(b.id);
      expect(s1).toMatchObject({ ociVersion: '1.3.0', id: b.id, status: 'created', bundle: b.dir });
      expect(readFileSync(pidFile, 'utf8')).toBe(String(s1.pid));
      expect(alive(s1.pid!)).toBe(true);
      // the host sees the limits in the container's own cgroup
      const mem = memoryMount();
      if (mem) {
        const file = mem === '/sys/fs/cgroup' ? 'memory.max' : 'memory.limit_in_bytes';
        expect(readFileSync(join(mem, b.cgroupPath, file), 'utf8').trim()).toBe(String(64 * 1024 * 1024));
        expect(readFileSync(`/proc/${s1.pid}/cgroup`, 'utf8')).toContain(b.cgroupPath);
      }
      expect((await rr(['start', b.id])).code).toBe(0);
      expect(await state(b.id)).toMatchObject({ status: 'running', pid: s1.pid });
      await waitFor(() => readFileSync(b.out, 'utf8').includes('"ready"'));
      expect((await rr(['kill', b.id, 'TERM'])).code).toBe(0);
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      const s3 = await state(b.id);
      expect(s3.pid).toBeUndefined();
      expect(readFileSync(b.out, 'utf8')).toContain('{"signal":15}');
      expect((await rr(['delete', b.id])).code).toBe(0);
      expect((await rr(['state', b.id])).code).toBe(1);
      expect(existsSync(join(root, b.id))).toBe(false);
      if (mem) expect(existsSync(join(mem, b.cgroupPath))).toBe(false);
    });

    it('gives the process its hostname, user, groups, cwd, env, capabilities and no_new_privs', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'info'];
        c.process.user = { uid: 1000, gid: 1001, additionalGids: [5, 7], umask: 0o027 };
        c.process.cwd = '/bin';
        c.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 1000, hard: 2000 }];
        c.process.capabilities = {
          bounding: ['CAP_KILL', 'CAP_CHOWN'],
          effective: ['CAP_KILL'],
          permitted: ['CAP_KILL'],
          inheritable: ['CAP_KILL'],
          ambient: ['CAP_KILL'],
        };
      });
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('"hostname"'));
      const info = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
      expect(info).toMatchObject({
        hostname: 'rr-test',
        uid: 1000,
        gid: 1001,
        groups: [5, 7],
        cwd: '/bin',
        env: 'yes',
        noNewPrivs: 1,
        pid: 1,
        umask: 0o027,
        nofile: [1000, 2000],
      });
      // CAP_KILL (5) survives the exec as uid 1000 only through the ambient set
      expect(info.capBnd).toBe('0000000000000021');
      expect(info.capAmb).toBe('0000000000000020');
      expect(info.capEff).toBe('0000000000000020');
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('runs the hooks in spec order with the state on stdin, in the right namespaces', async () => {
      const log = join(work, `hooks-${seq + 1}.log`);
      const hostMnt = execFileSync('readlink', ['/proc/self/ns/mnt'], { encoding: 'utf8' }).trim();
      const b = bundle((c) => {
        const h = (name: string, path = tiny) => ({ path, args: ['tiny', 'hook', log, name], timeout: 10 });
        c.root.readonly = false;
        c.mounts.push({ destination: work, type: 'bind', source: work, options: ['rbind', 'rw'] });
        c.hooks = {
          prestart: [h('prestart')],
          createRuntime: [h('createRuntime')],
          createContainer: [h('createContainer')],
          // startContainer resolves inside the container: the helper is /bin/tiny there
          startContainer: [h('startContainer', '/bin/tiny')],
          poststart: [h('poststart')],
          poststop: [h('poststop')],
        };
      });
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      const names = () =>
        existsSync(log)
          ? readFileSync(log, 'utf8')
              .trim()
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l))
          : [];
      expect(names().map((r) => r.hook)).toEqual(['prestart', 'createRuntime', 'createContainer']);
      expect((await rr(['start', b.id])).code).toBe(0);
      // poststart has run when start returns, after startContainer
      expect(names().map((r) => r.hook)).toEqual([
        'prestart',
        'createRuntime',
        'createContainer',
        'startContainer',
        'poststart',
      ]);
      await rr(['kill', b.id, 'KILL']);
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
      const recs = names();
      expect(recs.map((r) => r.hook)).toEqual([
        'prestart',
        'createRuntime',
        'createContainer',
        'startContainer',
        'poststart',
        'poststop',
      ]);
      expect(recs.map((r) => r.state.status)).toEqual([
        'creating',
        'creating',
        'creating',
        'created',
        'running',
        'stopped',
      ]);
      for (const r of recs) expect(r.state.id).toBe(b.id);
      expect(recs[5].state.pid).toBeUndefined();
      // the runtime-namespace hooks see the host pid, the container-namespace ones the pid inside
      expect(recs[0].state.pid).toBeGreaterThan(1);
      expect(recs[1].state.pid).toBe(recs[0].state.pid);
      expect(recs[2].state.pid).toBe(1);
      expect(recs[3].state.pid).toBe(1);
      expect(recs[4].state.pid).toBe(recs[0].state.pid);
      // runtime namespace vs container namespace
      expect(recs[0].mnt).toBe(hostMnt);
      expect(recs[1].mnt).toBe(hostMnt);
      expect(recs[2].mnt).not.toBe(hostMnt);
      expect(recs[3].mnt).not.toBe(hostMnt);
      expect(recs[3].hostname).toBe('rr-test');
      expect(recs[4].mnt).toBe(hostMnt);
    });

    it('errors with no effect: delete of created, start twice, kill stopped, duplicate id, unknown id', async () => {
      const b = bundle();
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      const pid = (await state(b.id)).pid!;
      const dup = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(dup.code).toBe(1);
      expect(await state(b.id)).toMatchObject({ status: 'created', pid });
      const del = await rr(['delete', b.id]);
      expect(del.code).toBe(1);
      expect(del.stderr).toMatch(/not stopped/);
      expect((await state(b.id)).status).toBe('created');
      expect((await rr(['kill', b.id, 'NOSUCHSIG'])).code).toBe(1);
      expect((await rr(['start', b.id])).code).toBe(0);
      const again = await rr(['start', b.id]);
      expect(again.code).toBe(1);
      expect((await state(b.id)).status).toBe('running');
      expect((await rr(['kill', b.id, 'SIGKILL'])).code).toBe(0);
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['kill', b.id, 'KILL'])).code).toBe(1);
      expect((await rr(['start', b.id])).code).toBe(1);
      expect((await rr(['delete', b.id])).code).toBe(0);
      expect((await rr(['state', 'no-such-ctr'])).code).toBe(1);
      expect((await rr(['delete', 'no-such-ctr'])).code).toBe(1);
      expect((await rr(['delete', '--force', 'no-such-ctr'])).code).toBe(0);
      expect((await rr(['create', '--bundle', b.dir, 'a/b'], b.out)).code).toBe(1);
    });

    it('delete --force kills a running container and leaves nothing behind', async () => {
      const b = bundle();
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      const pid = (await state(b.id)).pid!;
      expect((await rr(['start', b.id])).code).toBe(0);
      expect((await rr(['delete', '--force', b.id])).code).toBe(0);
      expect(alive(pid)).toBe(false);
      expect(existsSync(join(root, b.id))).toBe(false);
      const mem = memoryMount();
      if (mem) expect(existsSync(join(mem, b.cgroupPath))).toBe(false);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(b.dir);
    });

    it('a failing createRuntime hook fails create, runs poststop and leaves nothing behind', async () => {
      const log = join(work, `fail-${seq + 1}.log`);
      const b = bundle((c) => {
        c.hooks = {
          createRuntime: [{ path: tiny, args: ['tiny', 'hook', log, 'createRuntime', '3'] }],
          poststop: [{ path: tiny, args: ['tiny', 'hook', log, 'poststop'] }],
        };
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/createRuntime hook #0/);
      expect((await rr(['state', b.id])).code).toBe(1);
      expect(existsSync(join(root, b.id))).toBe(false);
      const mem = memoryMount();
      if (mem) expect(existsSync(join(mem, b.cgroupPath))).toBe(false);
      expect(
        readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).hook),
      ).toEqual(['createRuntime', 'poststop']);
    });

    it('a failing poststart hook fails start, stops and destroys the container, then runs poststop', async () => {
      const log = join(work, `poststart-${seq + 1}.log`);
      const b = bundle((c) => {
        c.hooks = {
          poststart: [{ path: tiny, args: ['tiny', 'hook', log, 'poststart', '4'] }],
          poststop: [{ path: tiny, args: ['tiny', 'hook', log, 'poststop'] }],
        };
      });
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      const pid = (await state(b.id)).pid!;
      const r = await rr(['start', b.id]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/poststart hook #0/);
      expect(alive(pid)).toBe(false);
      expect((await rr(['state', b.id])).code).toBe(1);
      expect(existsSync(join(root, b.id))).toBe(false);
      const mem = memoryMount();
      if (mem) expect(existsSync(join(mem, b.cgroupPath))).toBe(false);
      const hooks = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(hooks.map((h) => [h.hook, h.state.status])).toEqual([
        ['poststart', 'running'],
        ['poststop', 'stopped'],
      ]);
    });

    it('a hook that outlives its timeout fails create with no container left', async () => {
      const b = bundle((c) => {
        c.hooks = { prestart: [{ path: tiny, args: ['tiny', 'sleep', '10000'], timeout: 1 }] };
      });
      const t0 = Date.now();
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/prestart hook #0 .*timed out after 1 s/);
      expect(Date.now() - t0).toBeLessThan(8000);
      expect(existsSync(join(root, b.id))).toBe(false);
    });

    it('refuses a process that does not exist at create, with no effect', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/nonexistent'];
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/nonexistent/);
      expect(existsSync(join(root, b.id))).toBe(false);
    });

    it('loads a seccomp filter: mkdir gets the configured errno', async () => {
      const b = bundle((c) => {
        c.root.readonly = false;
        c.process.args = ['/bin/tiny', 'mkdir', '/newdir'];
        c.linux.seccomp = {
          defaultAction: 'SCMP_ACT_ALLOW',
          syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }],
        };
      });
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('"errno"'));
      expect(JSON.parse(readFileSync(b.out, 'utf8').trim())).toEqual({ ok: false, errno: 13 });
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('loads a seccomp filter without no_new_privs for a non-root user (before the user switch)', async () => {
      const b = bundle((c) => {
        c.root.readonly = false;
        c.process.noNewPrivileges = false;
        c.process.user = { uid: 1000, gid: 1000 };
        c.process.args = ['/bin/tiny', 'mkdir', '/tmp/newdir'];
        c.mounts.push({ destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['mode=1777'] });
        c.linux.seccomp = {
          defaultAction: 'SCMP_ACT_ALLOW',
          syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }],
        };
      });
      expect((await rr(['create', '--bundle', b.dir, b.id], b.out)).code).toBe(0);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('"errno"'));
      expect(JSON.parse(readFileSync(b.out, 'utf8').trim())).toEqual({ ok: false, errno: 13 });
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('masks and read-only paths, a read-only root, devices behind a deny-all rule, and a cgroup mount', async () => {
      const mem = memoryMount();
      const v2 = mem === '/sys/fs/cgroup';
      const limitFile = v2 ? '/sys/fs/cgroup/memory.max' : '/sys/fs/cgroup/memory/memory.limit_in_bytes';
      const ops = [
        'read:/proc/keys',
        'write:/proc/sys/kernel/domainname',
        'write:/newfile',
        'read:/dev/null',
        'write:/dev/null',
        'read:/dev/rr-zero',
        'write:/tmp/ok',
        `read:${limitFile}`,
      ];
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'ops', ...ops];
        c.process.capabilities = undefined;
        c.mounts.push({
          destination: '/tmp',
          type: 'tmpfs',
          source: 'tmpfs',
          options: ['nosuid', 'nodev', 'mode=1777'],
        });
        c.mounts.push({
          destination: '/sys/fs/cgroup',
          type: 'cgroup',
          source: 'cgroup',
          options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'],
        });
        c.linux.devices = [
          { path: '/dev/rr-zero', type: 'c', major: 1, minor: 5, fileMode: 0o600, uid: 0, gid: 0 },
        ];
        c.linux.resources = {
          devices: [{ allow: false, access: 'rwm' }],
          memory: { limit: 48 * 1024 * 1024 },
        };
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('read:/proc/keys'));
      const o = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
      const EROFS = 30;
      expect(o['read:/proc/keys']).toMatchObject({ ok: true, bytes: 0 }); // masked by /dev/null
      expect(o['write:/proc/sys/kernel/domainname']).toMatchObject({ ok: false, errno: EROFS });
      expect(o['write:/newfile']).toMatchObject({ ok: false, errno: EROFS });
      expect(o['read:/dev/null']).toMatchObject({ ok: true, bytes: 0 });
      expect(o['write:/dev/null']).toMatchObject({ ok: true, bytes: 1 });
      expect(o['read:/dev/rr-zero']).toMatchObject({ ok: true, bytes: 63 });
      expect(o['write:/tmp/ok']).toMatchObject({ ok: true });
      if (mem) expect(o[`read:${limitFile}`].data.trim()).toBe(String(48 * 1024 * 1024));
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    for (const mode of ['v1', 'bpf'] as const) {
      it(`device rules (${mode === 'bpf' ? 'eBPF program on the v2 cgroup' : 'v1 devices controller'}): deny-all, then the default devices and linux.devices`, async (ctx) => {
        const mi = readFileSync('/proc/self/mountinfo', 'utf8');
        if (mode === 'v1' && !/ - cgroup cgroup \S*devices/.test(mi))
          return ctx.skip('no v1 devices controller');
        if (mode === 'bpf' && !/ - cgroup2 /.test(mi)) return ctx.skip('no cgroup v2 hierarchy');
        const b = bundle((c) => {
          c.process.args = ['/bin/tiny', 'ops', 'read:/dev/null', 'read:/dev/rr-zero', 'read:/kmsg-node'];
          c.process.capabilities = undefined;
          c.linux.devices = [{ path: '/dev/rr-zero', type: 'c', major: 1, minor: 5, fileMode: 0o600 }];
          c.linux.resources = { devices: [{ allow: false, access: 'rwm' }] };
        });
        // a node the rules do not allow (kmsg, c 1:11), readable by root otherwise
        execFileSync('mknod', [join(b.dir, 'rootfs', 'kmsg-node'), 'c', '1', '11']);
        const env: Record<string, string> = mode === 'bpf' ? { OCI_REF_DEVICE_BPF: '1' } : {};
        const r = await rr(['create', '--bundle', b.dir, b.id], b.out, env);
        expect(r.code, r.stderr).toBe(0);
        expect((await rr(['start', b.id], undefined, env)).code).toBe(0);
        await waitFor(() => readFileSync(b.out, 'utf8').includes('read:/kmsg-node'));
        const o = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
        expect(o['read:/dev/null']).toMatchObject({ ok: true });
        expect(o['read:/dev/rr-zero']).toMatchObject({ ok: true, bytes: 63 });
        expect(o['read:/kmsg-node']).toMatchObject({ ok: false, errno: 1 });
        await waitFor(async () => (await state(b.id)).status === 'stopped');
        expect((await rr(['delete', b.id])).code).toBe(0);
      });
    }

    it('resolves mount destinations inside the rootfs: symlinks and .. cannot lead out of it', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'exit', '0'];
        c.root.readonly = false;
        c.mounts.push({ destination: '/escape/leak', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/abs/leak2', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/../../leak3', type: 'tmpfs', source: 'tmpfs' });
      });
      symlinkSync('../..', join(b.dir, 'rootfs', 'escape'));
      symlinkSync(b.dir, join(b.dir, 'rootfs', 'abs'));
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(b.dir, '..', 'leak'))).toBe(false);
      expect(existsSync(join(b.dir, 'leak2'))).toBe(false);
      expect(existsSync(join(b.dir, '..', '..', 'leak3'))).toBe(false);
      expect(existsSync(join(b.dir, 'rootfs', 'leak'))).toBe(true);
      expect(existsSync(join(b.dir, 'rootfs', b.dir, 'leak2'))).toBe(true);
      expect(existsSync(join(b.dir, 'rootfs', 'leak3'))).toBe(true);
      expect((await rr(['delete', '--force', b.id])).code).toBe(0);
    });

    // runc breakout classes: a rootfs symlink as a mount destination (CVE-2021-30465 and older), the
    // runtime binary reached through /proc/self/exe (CVE-2019-5736), descriptors and a cwd leaked into
    // the container (CVE-2024-21626).
    it('mounts through rootfs symlinks to /, .., /proc/self/root, /proc/self/cwd and /proc/self/exe land inside the rootfs', async () => {
      const initBefore = readFileSync(initPath);
      const hostFile = join(work, `bind-src-${seq}`);
      writeFileSync(hostFile, 'bound');
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'mountpoints'];
        c.root.readonly = false;
        c.mounts.push({ destination: '/to-root/m1', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/to-parent/m2', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/to-proc-root/m3', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/to-proc-cwd/m4', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/to-proc-exe', type: 'bind', source: hostFile, options: ['bind'] });
      });
      const rootfs = join(b.dir, 'rootfs');
      symlinkSync('/', join(rootfs, 'to-root'));
      symlinkSync('..', join(rootfs, 'to-parent'));
      symlinkSync('/proc/self/root', join(rootfs, 'to-proc-root'));
      symlinkSync('/proc/self/cwd', join(rootfs, 'to-proc-cwd'));
      symlinkSync('/proc/self/exe', join(rootfs, 'to-proc-exe'));
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('mountpoints'));
      const seen: string[] = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!).mountpoints;
      // each mount is where the container sees it, below its own root
      expect(seen).toContain('/m1');
      expect(seen).toContain('/m2');
      const others = seen.filter((m) => !['/m1', '/m2'].includes(m));
      // the /proc/self links resolve, as text, inside the rootfs: nothing is mounted on a host path
      expect(others.filter((m) => m.endsWith('/m3') || m.endsWith('/m4')).length).toBe(2);
      for (const name of ['m1', 'm2', 'm3', 'm4']) {
        expect(existsSync(join('/', name))).toBe(false);
        expect(existsSync(join(b.dir, name))).toBe(false);
      }
      expect(existsSync(join(work, 'm4'))).toBe(false);
      // the runtime's own binary is neither replaced nor covered on the host
      expect(readFileSync(initPath).equals(initBefore)).toBe(true);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(initPath);
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('a mount destination through /proc/self/fd/N fails create with no effect outside the rootfs', async () => {
      const b = bundle((c) => {
        c.mounts.push({ destination: '/to-proc-fd/m5', type: 'tmpfs', source: 'tmpfs' });
      });
      symlinkSync('/proc/self/fd/3', join(b.dir, 'rootfs', 'to-proc-fd'));
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      // the descriptor's text (socket:[N]) names nothing in the rootfs: an error, never a host path
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(join(b.dir, 'rootfs', 'proc'));
      expect((await rr(['state', b.id])).code).toBe(1);
      expect(existsSync('/m5')).toBe(false);
    });

    it('/proc/PID/exe of the container init never leads to the runtime binary on the host', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'exit', '0'];
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      const { pid } = await state(b.id);
      // What a process in the container's pid namespace could hold: an O_PATH descriptor of the
      // init's exe while it waits for start, reopened for writing once the init has exec'd.
      const O_PATH = 0o10000000;
      const held = openSync(`/proc/${pid}/exe`, O_PATH);
      try {
        const host = statSync(initPath);
        const exe = fstatSync(held);
        expect([exe.dev, exe.ino]).not.toEqual([host.dev, host.ino]);
        expect((await rr(['start', b.id])).code).toBe(0);
        await waitFor(async () => (await state(b.id)).status === 'stopped');
        // the inode is a sealed copy: writing to it fails, and the file on the host is untouched
        let wrote = false;
        try {
          const w = openSync(`/proc/self/fd/${held}`, 'r+');
          try {
            writeSync(w, Buffer.from('x'), 0, 1, 0);
            wrote = true;
          } finally {
            closeSync(w);
          }
        } catch {
          // refused: what we want
        }
        expect(wrote).toBe(false);
        expect(statSync(initPath).mtimeMs).toBe(host.mtimeMs);
      } finally {
        closeSync(held);
      }
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('the container process has only fds 0-2 and its own cwd, whatever the caller leaked into create and start', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'fds'];
        c.process.cwd = '/bin';
      });
      // host directories open in the caller, not close-on-exec: the CVE-2024-21626 shape
      const hostDir = openSync(work, 'r');
      const cgroupDir = openSync('/sys/fs/cgroup', 'r');
      try {
        const r = await rr(['create', '--bundle', b.dir, b.id], b.out, {}, [hostDir, cgroupDir, hostDir]);
        expect(r.code, r.stderr).toBe(0);
        expect((await rr(['start', b.id], undefined, {}, [hostDir, cgroupDir])).code).toBe(0);
      } finally {
        closeSync(hostDir);
        closeSync(cgroupDir);
      }
      await waitFor(() => readFileSync(b.out, 'utf8').includes('"fds"'));
      const o = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
      expect(o.fds.map((f: { fd: number }) => f.fd)).toEqual([0, 1, 2]);
      expect(o.cwd).toBe('/bin');
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('a process.cwd through /proc/self/fd cannot reach a host directory', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'fds'];
        c.process.cwd = '/proc/self/fd/3';
      });
      const hostDir = openSync(work, 'r');
      let r: Result;
      try {
        r = await rr(['create', '--bundle', b.dir, b.id], b.out, {}, [hostDir, hostDir, hostDir, hostDir]);
      } finally {
        closeSync(hostDir);
      }
      if (r.code === 0) {
        expect((await rr(['start', b.id])).code).toBe(0);
        await waitFor(() => readFileSync(b.out, 'utf8').includes('"fds"'));
        const o = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
        expect(o.cwd).not.toContain(work);
        expect(o.cwd).not.toMatch(/unreachable/);
        await waitFor(async () => (await state(b.id)).status === 'stopped');
        expect((await rr(['delete', b.id])).code).toBe(0);
      } else {
        expect(r.stderr).toMatch(/process.cwd/);
        expect((await rr(['state', b.id])).code).toBe(1);
      }
    });

    it.skipIf(!existsSync('/proc/self/ns/time'))(
      'creates a time namespace with the configured boottime offset',
      async () => {
        const b = bundle((c) => {
          c.process.args = ['/bin/tiny', 'ops', 'read:/proc/uptime'];
          c.linux.namespaces.push({ type: 'time' });
          c.linux.timeOffsets = { boottime: { secs: 86400 * 365, nanosecs: 0 } };
        });
        const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
        expect(r.code, r.stderr).toBe(0);
        expect((await rr(['start', b.id])).code).toBe(0);
        await waitFor(() => readFileSync(b.out, 'utf8').includes('read:/proc/uptime'));
        const o = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
        const inside = Number(o['read:/proc/uptime'].data.split(' ')[0]);
        const host = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
        expect(inside - host).toBeGreaterThan(86400 * 365 - 60);
        expect(inside - host).toBeLessThan(86400 * 365 + 60);
        await waitFor(async () => (await state(b.id)).status === 'stopped');
        expect((await rr(['delete', b.id])).code).toBe(0);
      },
    );

    it('joins the namespaces given by path (network, ipc, uts, pid of another container)', async () => {
      const a = bundle();
      expect((await rr(['create', '--bundle', a.dir, a.id], a.out)).code).toBe(0);
      const apid = (await state(a.id)).pid!;
      const ns = (pid: number, t: string) =>
        execFileSync('readlink', [`/proc/${pid}/ns/${t}`], { encoding: 'utf8' }).trim();
      const b = bundle((c) => {
        delete c.hostname;
        c.linux.namespaces = [
          { type: 'mount' },
          { type: 'network', path: `/proc/${apid}/ns/net` },
          { type: 'ipc', path: `/proc/${apid}/ns/ipc` },
          { type: 'uts', path: `/proc/${apid}/ns/uts` },
          { type: 'pid', path: `/proc/${apid}/ns/pid` },
        ];
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      const bpid = (await state(b.id)).pid!;
      for (const t of ['net', 'ipc', 'uts', 'pid']) expect(ns(bpid, t)).toBe(ns(apid, t));
      expect(ns(bpid, 'mnt')).not.toBe(ns(apid, 'mnt'));
      // in A's pid namespace, B's init is not pid 1
      expect(readFileSync(`/proc/${bpid}/status`, 'utf8')).toMatch(/NSpid:\s+\d+\s+([2-9]|\d\d+)\n/);
      expect((await rr(['delete', '--force', b.id])).code).toBe(0);
      expect((await rr(['delete', '--force', a.id])).code).toBe(0);
    });

    it('reports creating while create runs, and a killed create can be deleted without leftovers', async () => {
      // The prestart hook holds create in `creating` until the test writes the release file (no fixed sleep:
      // a slow machine cannot make the test miss the window).
      const release = join(work, `${runId}-release-creating`);
      const holdScript = `while [ ! -e ${release} ]; do sleep 0.02; done`;
      const b = bundle((c) => {
        c.hooks = { prestart: [{ path: '/bin/sh', args: ['sh', '-c', holdScript] }] };
      });
      const fd = openSync(b.out, 'a');
      const creator = spawn(process.execPath, [cliJs, '--root', root, 'create', '--bundle', b.dir, b.id], {
        stdio: ['ignore', fd, fd],
        env: { ...process.env, OCI_REF_INIT: initPath },
      });
      closeSync(fd);
      const exited = new Promise((r) => creator.on('close', r));
      await waitFor(async () => {
        const r = await rr(['state', b.id]);
        return r.code === 0 && JSON.parse(r.stdout).pid > 0;
      });
      const s = await state(b.id);
      expect(s.status).toBe('creating');
      expect((await rr(['delete', b.id])).code).toBe(1); // not stopped
      creator.kill('SIGKILL');
      await exited;
      // the init sees its sync socket close and exits: the container is stopped
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
      expect(existsSync(join(root, b.id))).toBe(false);
      const mem = memoryMount();
      if (mem) expect(existsSync(join(mem, b.cgroupPath))).toBe(false);
      expect(alive(s.pid!)).toBe(false);
      // release the orphaned prestart hook, and wait until it is gone so nothing is left behind
      writeFileSync(release, '');
      const holding = () =>
        readdirSync('/proc')
          .filter((d) => /^\d+$/.test(d))
          .some((d) => {
            try {
              return (
                readFileSync(`/proc/${d}/cmdline`, 'utf8') === `sh\0-c\0${holdScript}\0` && alive(Number(d))
              );
            } catch {
              return false;
            }
          });
      await waitFor(() => !holding(), 10_000);
      rmSync(release, { force: true });
    });

    it('where the spec is silent, does what runc and crun share: hook cwd and env, HOME, masked dirs', async () => {
      const log = join(work, `parity-${seq + 1}`);
      const script = join(work, `parity-hook-${seq + 1}.sh`);
      writeFileSync(script, `#!/bin/sh\n{ echo "cwd=$(pwd)"; env; } > ${log}.$1\n`, { mode: 0o755 });
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'ops', 'read:/proc/self/environ'];
        c.process.env = ['PATH=/bin'];
        c.hooks = {
          prestart: [{ path: script, args: ['hook', 'inherit'] }],
          createRuntime: [{ path: script, args: ['hook', 'own'], env: ['ONLY=this'] }],
          // in the container: without env, the container process's environment (as runc); createContainer
          // starts in the rootfs (before pivot_root: the container's /), never in the caller's directory
          createContainer: [
            { path: tiny, args: ['tiny', 'ops', 'read:/proc/self/environ'] },
            { path: tiny, args: ['tiny', 'fds'] },
          ],
          startContainer: [{ path: '/bin/tiny', args: ['tiny', 'ops', 'read:/proc/self/environ'] }],
        };
      });
      mkdirSync(join(b.dir, 'rootfs', 'etc'));
      writeFileSync(join(b.dir, 'rootfs', 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
      const created = await rr(['create', '--bundle', b.dir, b.id], b.out, { RR_PARITY: 'inherited' });
      expect(created.code, created.stderr).toBe(0);
      // hooks run in the bundle dir; without env they inherit the runtime's, with env they get only it
      const inherit = readFileSync(`${log}.inherit`, 'utf8');
      expect(inherit).toContain(`cwd=${b.dir}\n`);
      expect(inherit).toContain('RR_PARITY=inherited\n');
      const own = readFileSync(`${log}.own`, 'utf8');
      expect(own).toContain(`cwd=${b.dir}\n`);
      expect(own).toContain('ONLY=this\n');
      expect(own).not.toContain('RR_PARITY');
      // a masked directory is a read-only tmpfs with no size option (runc's mount)
      const { pid } = await state(b.id);
      const firmware = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
        .split('\n')
        .find((l) => l.split(' ')[4] === '/sys/firmware');
      expect(firmware).toMatch(/ - tmpfs tmpfs ro$/);
      expect((await rr(['start', b.id])).code).toBe(0);
      const environs = () =>
        readFileSync(b.out, 'utf8')
          .split('\n')
          .filter((l) => l.includes('read:/proc/self/environ'));
      await waitFor(() => environs().length === 3);
      // HOME from the rootfs's /etc/passwd, appended after the configured env; the createContainer and
      // startContainer hooks (first lines) see the same environment as the user program (last), not the
      // runtime's RR_PARITY
      expect(environs().map((l) => JSON.parse(l)['read:/proc/self/environ'].data)).toEqual([
        'PATH=/bin HOME=/root ',
        'PATH=/bin HOME=/root ',
        'PATH=/bin HOME=/root ',
      ]);
      const fds = readFileSync(b.out, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('{"fds"'));
      expect(JSON.parse(fds!).cwd).toBe(join(b.dir, 'rootfs'));
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('applies rootfsPropagation and oomScoreAdj', async () => {
      const b = bundle((c) => {
        c.linux.rootfsPropagation = 'shared';
        c.process.oomScoreAdj = 500;
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      const pid = (await state(b.id)).pid!;
      expect(readFileSync(`/proc/${pid}/oom_score_adj`, 'utf8').trim()).toBe('500');
      const rootLine = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
        .split('\n')
        .find((l) => l.split(' ')[4] === '/');
      expect(rootLine).toMatch(/ shared:\d+/);
      expect((await rr(['delete', '--force', b.id])).code).toBe(0);
    });

    it('warns about capabilities that cannot be granted and still creates the container (spec 1.1.0+)', async () => {
      const b = bundle((c) => {
        c.process.capabilities = {
          bounding: ['CAP_KILL', 'CAP_NOT_A_CAP'],
          permitted: ['CAP_KILL'],
          effective: ['CAP_KILL'],
          ambient: ['CAP_KILL'],
        };
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/level=warning msg=".*CAP_NOT_A_CAP/);
      expect(r.stderr).toMatch(/level=warning msg=".*ambient: capability 5 cannot be raised/);
      expect((await rr(['delete', '--force', b.id])).code).toBe(0);
    });

    it('applies a pids limit of 0 as 0 (spec 1.3.0), once the init is in its cgroup', async (ctx) => {
      const mi = readFileSync('/proc/self/mountinfo', 'utf8')
        .split('\n')
        .map((l) => l.split(' '));
      const v1 = mi.find((f) => f.includes('cgroup') && /(^|,)pids(,|$)/.test(f.at(-1) ?? ''));
      const v2 = mi.find((f) => f.includes('cgroup2') && f[4] === '/sys/fs/cgroup');
      const pidsMount = v1?.[4] ?? v2?.[4];
      if (!pidsMount) return ctx.skip('no pids controller');
      const b = bundle((c) => {
        c.linux.resources = { pids: { limit: 0 } };
      });
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(pidsMount, b.cgroupPath, 'pids.max'), 'utf8').trim()).toBe('0');
      expect((await rr(['delete', '--force', b.id])).code).toBe(0);
    });

    it('refuses a listed device whose path already holds a different file, with no effect', async () => {
      const b = bundle((c) => {
        c.linux.devices = [{ path: '/conflict', type: 'c', major: 1, minor: 5 }];
      });
      writeFileSync(join(b.dir, 'rootfs', 'conflict'), 'not a device');
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/\/conflict already exists/);
      expect(readFileSync(join(b.dir, 'rootfs', 'conflict'), 'utf8')).toBe('not a device');
      expect(existsSync(join(root, b.id))).toBe(false);
    });

    it('applies recursive mount options with mount_setattr (rro over a bind and its submount)', async () => {
      const b = bundle((c) => {
        c.root.readonly = false;
        c.process.args = ['/bin/tiny', 'ops', 'write:/data/f', 'write:/data/sub/f', 'write:/tmp/f'];
        c.mounts.push({ destination: '/tmp', type: 'tmpfs', source: 'tmpfs' });
        c.mounts.push({ destination: '/tmp/sub', type: 'tmpfs', source: 'tmpfs' });
        // an rbind of the container's /tmp tree (with its submount) made read-only recursively
        c.mounts.push({
          destination: '/data',
          type: 'bind',
          source: 'rootfs/tmp',
          options: ['rbind', 'rro'],
        });
      });
      mkdirSync(join(b.dir, 'rootfs', 'tmp'));
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('write:/tmp/f'));
      const o = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
      expect(o['write:/data/f']).toMatchObject({ ok: false, errno: 30 });
      expect(o['write:/data/sub/f']).toMatchObject({ ok: false, errno: 30 });
      expect(o['write:/tmp/f']).toMatchObject({ ok: true });
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });

    it('maps ids in a new user namespace', async () => {
      const b = bundle((c) => {
        c.process.args = ['/bin/tiny', 'info'];
        c.linux.namespaces.push({ type: 'user' });
        c.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
        c.linux.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
        c.mounts = c.mounts.filter((m: any) => m.destination !== '/sys');
        c.linux.maskedPaths = ['/proc/keys'];
      });
      // the container's root (host uid 100000) must own its rootfs to create mount points in it
      for (const p of ['rootfs', 'rootfs/bin', 'rootfs/bin/tiny']) chownSync(join(b.dir, p), 100000, 100000);
      const r = await rr(['create', '--bundle', b.dir, b.id], b.out);
      expect(r.code, r.stderr).toBe(0);
      const pid = (await state(b.id)).pid!;
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/Uid:\s+100000\s/);
      expect((await rr(['start', b.id])).code).toBe(0);
      await waitFor(() => readFileSync(b.out, 'utf8').includes('"uidMap"'));
      const info = JSON.parse(readFileSync(b.out, 'utf8').trim().split('\n').pop()!);
      expect(info).toMatchObject({ uid: 0, uidMap: '0 100000 65536' });
      await waitFor(async () => (await state(b.id)).status === 'stopped');
      expect((await rr(['delete', b.id])).code).toBe(0);
    });
  },
);
