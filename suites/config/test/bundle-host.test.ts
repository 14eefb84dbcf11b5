// Bundle-mode and host-specific rules, against temp-dir bundles and a fake host filesystem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { applySuiteRules as applyRules } from '../testing.js';
import { rules } from '../index.js';
import { docFromValue } from '../testing.js';
import {
  bundleView,
  capabilitiesFromLastCap,
  filesystemsFromProc,
  hostView,
  resolveInRoot,
  realFs,
  type FsSeam,
} from '../../../harness/config/views.js';
import type { HostView } from '../../../harness/config/rule.js';
import { baseConfig } from './base.js';

let tmp: string;
let bundle: string;

function exe(p: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '#!/bin/sh\n');
  fs.chmodSync(p, 0o755);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'config-bundle-'));
  bundle = path.join(tmp, 'bundle');
  const rootfs = path.join(bundle, 'rootfs');
  exe(path.join(rootfs, 'bin/busybox'));
  fs.symlinkSync('busybox', path.join(rootfs, 'bin/sh'));
  fs.mkdirSync(path.join(rootfs, 'usr/bin'), { recursive: true });
  fs.symlinkSync('/bin/busybox', path.join(rootfs, 'usr/bin/env')); // absolute link: inside the rootfs
  fs.writeFileSync(path.join(rootfs, 'usr/bin/data'), 'not executable');
  // an executable outside the rootfs, reachable only by escaping it
  exe(path.join(tmp, 'outside/evil'));
  fs.symlinkSync('../../../outside/evil', path.join(rootfs, 'usr/bin/escape'));
  fs.symlinkSync(path.join(tmp, 'outside/evil'), path.join(rootfs, 'usr/bin/hostabs'));
  fs.mkdirSync(path.join(tmp, 'elsewhere'));
  fs.writeFileSync(path.join(bundle, 'notadir'), '');
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function bundleFindings(c: any, rule: string) {
  return applyRules({
    doc: docFromValue(c),
    kind: 'config',
    specVersion: '1.3.0',
    bundle: bundleView(bundle),
  })
    .filter((r) => r.rule.id === rule)
    .flatMap((r) => r.findings);
}

describe('bundle.root-path-exists', () => {
  it('accepts an existing rootfs directory', () => {
    expect(bundleFindings(baseConfig(), 'bundle.root-path-exists')).toEqual([]);
  });
  it('reports a missing root.path and a file', () => {
    for (const p of ['nope', 'notadir']) {
      const c = baseConfig();
      c.root.path = p;
      const f = bundleFindings(c, 'bundle.root-path-exists');
      expect(f.map((x) => (x.location as any).pointer)).toEqual(['/root/path']);
      expect(f[0]!.level).toBe('must');
    }
  });
});

describe('bundle.root-inside-bundle', () => {
  it('accepts rootfs and an absolute path into the bundle', () => {
    const c = baseConfig();
    expect(bundleFindings(c, 'bundle.root-inside-bundle')).toEqual([]);
    c.root.path = path.join(bundle, 'rootfs');
    expect(bundleFindings(c, 'bundle.root-inside-bundle')).toEqual([]);
  });
  it('reports a root outside the bundle', () => {
    const c = baseConfig();
    c.root.path = '../elsewhere';
    expect(bundleFindings(c, 'bundle.root-inside-bundle').map((x) => x.rule)).toEqual([
      'bundle.root-inside-bundle',
    ]);
  });
});

describe('bundle.args-executable', () => {
  const run = (args: string[], env?: string[], cwd = '/') => {
    const c = baseConfig();
    c.process.args = args;
    c.process.cwd = cwd;
    if (env) c.process.env = env;
    return bundleFindings(c, 'bundle.args-executable');
  };
  it('finds programs by PATH, absolute path, relative path and in-root symlinks', () => {
    expect(run(['sh'])).toEqual([]);
    expect(run(['env'])).toEqual([]);
    expect(run(['/bin/sh'])).toEqual([]);
    expect(run(['./busybox'], undefined, '/bin')).toEqual([]);
    expect(run(['sh'], ['TERM=xterm'])).toEqual([]); // default PATH /bin:/usr/bin
  });
  it('reports a missing program, a non-executable file and a program outside PATH', () => {
    expect(run(['bash']).map((x) => (x.location as any).pointer)).toEqual(['/process/args/0']);
    expect(run(['/usr/bin/data'])).toHaveLength(1);
    expect(run(['busybox'], ['PATH=/usr/bin'])).toHaveLength(1);
    expect(run(['bash'])[0]!.level).toBe('hazard');
  });
  it('never follows a symlink out of the rootfs', () => {
    // ../../../outside/evil stops at the rootfs top; /tmp/.../outside/evil is read inside the rootfs
    expect(run(['/usr/bin/escape'])).toHaveLength(1);
    expect(run(['/usr/bin/hostabs'])).toHaveLength(1);
  });
});

describe('bundle.devices-match-rootfs', () => {
  const isRoot = process.getuid?.() === 0;
  const dev = (c: any, devices: any[]) => (
    (c.linux.devices = devices),
    bundleFindings(c, 'bundle.devices-match-rootfs')
  );
  it('accepts absent paths and reports a regular file in the way', () => {
    const rootfs = path.join(bundle, 'rootfs');
    fs.mkdirSync(path.join(rootfs, 'dev'), { recursive: true });
    fs.writeFileSync(path.join(rootfs, 'dev/fuse'), '');
    expect(dev(baseConfig(), [{ path: '/dev/absent', type: 'c', major: 1, minor: 3 }])).toEqual([]);
    const f = dev(baseConfig(), [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]);
    expect(f.map((x) => [(x.location as any).pointer, x.level])).toEqual([['/linux/devices/0/path', 'must']]);
  });
  it.skipIf(!isRoot)('compares device numbers of an existing node (needs root for mknod)', () => {
    const node = path.join(bundle, 'rootfs/dev/null');
    const r = spawnSync('mknod', [node, 'c', '1', '3']);
    expect(r.status).toBe(0);
    expect(dev(baseConfig(), [{ path: '/dev/null', type: 'c', major: 1, minor: 3 }])).toEqual([]);
    expect(dev(baseConfig(), [{ path: '/dev/null', type: 'c', major: 1, minor: 5 }])).toHaveLength(1);
    expect(dev(baseConfig(), [{ path: '/dev/null', type: 'b', major: 1, minor: 3 }])).toHaveLength(1);
  });
});

describe('resolveInRoot', () => {
  it('keeps .. and absolute links inside the root', () => {
    const root = path.join(bundle, 'rootfs');
    expect(resolveInRoot(realFs, root, '/usr/bin/env')).toBe(path.join(root, 'bin/busybox'));
    expect(resolveInRoot(realFs, root, '/../../bin/sh')).toBe(path.join(root, 'bin/busybox'));
    expect(resolveInRoot(realFs, root, '/usr/bin/escape')).toBeUndefined();
  });
  it('gives up on symlink loops', () => {
    const loop = path.join(tmp, 'loop');
    fs.mkdirSync(loop);
    fs.symlinkSync('/a', path.join(loop, 'a'));
    expect(resolveInRoot(realFs, loop, '/a')).toBeUndefined();
  });
});

/** A fake fs: a map of path -> entry. */
function fakeFs(entries: Record<string, { kind: 'file' | 'dir'; mode?: number; text?: string }>): FsSeam {
  return {
    lstat: (p) => (entries[p] ? { kind: entries[p]!.kind, mode: entries[p]!.mode ?? 0o644 } : undefined),
    readlink: () => undefined,
    readFile: (p) => entries[p]?.text,
    realpath: (p) => (entries[p] ? p : undefined),
  };
}

describe('host views', () => {
  it('reads capabilities and filesystems from a /proc-shaped fixture', () => {
    const h = hostView(
      fakeFs({
        '/proc/sys/kernel/cap_last_cap': { kind: 'file', text: '37\n' },
        '/proc/filesystems': { kind: 'file', text: 'nodev\tsysfs\nnodev\tproc\n\text4\n' },
      }),
    );
    expect(h.capabilities).toHaveLength(38);
    expect(h.capabilities.at(-1)).toBe('CAP_AUDIT_READ');
    expect(h.filesystems).toEqual(['sysfs', 'proc', 'ext4']);
    expect(capabilitiesFromLastCap(undefined).length).toBeGreaterThan(38);
    expect(filesystemsFromProc('')).toEqual([]);
  });
});

describe('host rules', () => {
  const host: HostView = hostView(
    fakeFs({
      '/proc/sys/kernel/cap_last_cap': { kind: 'file', text: '37' },
      '/proc/filesystems': { kind: 'file', text: 'nodev\tproc\nnodev\ttmpfs\nnodev\tdevpts\nnodev\tfuse\n' },
      '/usr/bin/hook': { kind: 'file', mode: 0o755 },
      '/etc/hosts': { kind: 'file' },
      '/srv': { kind: 'dir' },
      '/proc/1/ns/net': { kind: 'file' },
    }),
  );
  const findings = (c: any, rule: string) =>
    applyRules({ doc: docFromValue(c), kind: 'config', specVersion: '1.3.0', host })
      .filter((r) => r.rule.id === rule)
      .flatMap((r) => r.findings);

  it('host.capabilities-kernel', () => {
    const c = baseConfig();
    expect(findings(c, 'host.capabilities-kernel')).toEqual([]);
    c.process.capabilities.bounding.push('CAP_BPF');
    const f = findings(c, 'host.capabilities-kernel');
    expect(f.map((x) => (x.location as any).pointer)).toEqual(['/process/capabilities/bounding/3']);
    expect(f[0]!.level).toBe('hazard');
  });
  it('host.mount-types', () => {
    const c = baseConfig();
    c.mounts.push({ destination: '/data', type: 'bind', source: '/srv', options: ['rbind'] });
    c.mounts.push({ destination: '/f', type: 'fuse.sshfs', source: 'x' });
    expect(findings(c, 'host.mount-types')).toEqual([]);
    c.mounts.push({ destination: '/x', type: 'xfs', source: '/dev/sdb' });
    expect(findings(c, 'host.mount-types').map((x) => (x.location as any).pointer)).toEqual([
      '/mounts/5/type',
    ]);
  });
  it('host.hook-executable', () => {
    const c = baseConfig();
    c.hooks = { createRuntime: [{ path: '/usr/bin/hook' }], startContainer: [{ path: '/in/container' }] };
    expect(findings(c, 'host.hook-executable')).toEqual([]);
    c.hooks.poststop = [{ path: '/etc/hosts' }, { path: '/missing' }];
    expect(findings(c, 'host.hook-executable').map((x) => (x.location as any).pointer)).toEqual([
      '/hooks/poststop/0/path',
      '/hooks/poststop/1/path',
    ]);
  });
  it('host.bind-sources', () => {
    const c = baseConfig();
    c.mounts.push({ destination: '/data', type: 'none', source: '/srv', options: ['rbind'] });
    expect(findings(c, 'host.bind-sources')).toEqual([]);
    c.mounts.push({ destination: '/data2', type: 'bind', source: '/nope' });
    expect(findings(c, 'host.bind-sources').map((x) => (x.location as any).pointer)).toEqual([
      '/mounts/4/source',
    ]);
  });
  it('host.namespace-paths', () => {
    const c = baseConfig();
    c.linux.namespaces[1] = { type: 'network', path: '/proc/1/ns/net' };
    expect(findings(c, 'host.namespace-paths')).toEqual([]);
    c.linux.namespaces[2] = { type: 'ipc', path: '/proc/999999/ns/ipc' };
    expect(findings(c, 'host.namespace-paths').map((x) => (x.location as any).pointer)).toEqual([
      '/linux/namespaces/2/path',
    ]);
  });
  it('host.apparmor-profile', () => {
    const withAppArmor = (profiles: string): HostView =>
      hostView(
        fakeFs({
          '/sys/module/apparmor/parameters/enabled': { kind: 'file', text: 'Y\n' },
          '/sys/kernel/security/apparmor/profiles': { kind: 'file', text: profiles },
        }),
      );
    const run = (h: HostView, profile: string) => {
      const c = baseConfig();
      c.process.apparmorProfile = profile;
      return applyRules({ doc: docFromValue(c), kind: 'config', specVersion: '1.3.0', host: h })
        .filter((r) => r.rule.id === 'host.apparmor-profile')
        .flatMap((r) => r.findings);
    };
    const loaded = withAppArmor('docker-default (enforce)\nunconfined (unconfined)\n');
    expect(run(loaded, 'docker-default')).toEqual([]);
    expect(run(host, 'unconfined')).toEqual([]);
    expect(run(loaded, 'docker-defaul').map((x) => (x.location as any).pointer)).toEqual([
      '/process/apparmorProfile',
    ]);
    expect(run(host, 'docker-default')).toHaveLength(1); // AppArmor disabled on the fake host
  });
  it('bundle and host rules only run with their view', () => {
    const ids = applyRules({ doc: docFromValue(baseConfig()), kind: 'config', specVersion: '1.3.0' }).map(
      (r) => r.rule.id,
    );
    expect(ids.some((i) => i.startsWith('host.') || i.startsWith('bundle.'))).toBe(false);
  });
});

describe('coverage of bundle and host rules', () => {
  it('every bundle/host rule has a describe or it block in this file', () => {
    // host rules that predict create failures are tested in host-create.test.ts and host-kernel.test.ts
    const self =
      fs.readFileSync(new URL(import.meta.url), 'utf8') +
      fs.readFileSync(new URL('./host-create.test.ts', import.meta.url), 'utf8') +
      fs.readFileSync(new URL('./host-kernel.test.ts', import.meta.url), 'utf8');
    const missing = rules
      .filter((r) => r.needs !== undefined && !self.includes(`'${r.id}'`))
      .map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
