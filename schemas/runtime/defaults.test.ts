// Tests of the shared default Linux config pieces and the spec vocabulary lists.
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../index.js';
import { knownSpecVersions } from '../versions.js';
import { namespaceTypes } from './config.js';
import {
  defaultCapabilities,
  defaultMaskedPaths,
  defaultMounts,
  defaultNamespaces,
  defaultReadonlyPaths,
  runcSpecMounts,
} from './defaults.js';
import { HOOK_KINDS, NAMESPACE_TYPES, SECCOMP_ACTIONS, SECCOMP_ARCHITECTURES } from './vocabulary.js';

function configFromDefaults(ociVersion: string): unknown {
  const caps = defaultCapabilities();
  return {
    ociVersion,
    process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: '/', capabilities: { bounding: caps } },
    root: { path: 'rootfs' },
    mounts: runcSpecMounts(),
    linux: {
      namespaces: defaultNamespaces(),
      maskedPaths: defaultMaskedPaths(),
      readonlyPaths: defaultReadonlyPaths(),
    },
  };
}

describe('default Linux config pieces', () => {
  it('validate against the config schema of every known version', () => {
    for (const v of knownSpecVersions)
      expect(validateDocument('config', v, configFromDefaults(v))).toEqual([]);
  });

  it('return fresh copies each call', () => {
    const m = defaultMounts();
    m[1]!.options!.push('changed');
    m.pop();
    expect(defaultMounts()).toHaveLength(6);
    expect(defaultMounts()[1]!.options).not.toContain('changed');
    const masked = defaultMaskedPaths();
    masked.length = 0;
    expect(defaultMaskedPaths()).toHaveLength(10);
    const ns = defaultNamespaces();
    ns.push({ type: 'user' });
    expect(defaultNamespaces().map((n) => n.type)).toEqual(['pid', 'network', 'ipc', 'uts', 'mount']);
    expect(defaultCapabilities()).not.toBe(defaultCapabilities());
  });

  it('cover the filesystems config-linux.md "Default Filesystems" asks for', () => {
    const byDest = new Map(defaultMounts().map((m) => [m.destination, m.type]));
    expect(byDest.get('/proc')).toBe('proc');
    expect(byDest.get('/sys')).toBe('sysfs');
    expect(byDest.get('/dev/pts')).toBe('devpts');
    expect(byDest.get('/dev/shm')).toBe('tmpfs');
  });

  it('runcSpecMounts adds gid=5 on devpts and the cgroup mount, leaving defaultMounts alone', () => {
    const r = runcSpecMounts();
    expect(r.map((m) => m.destination)).toEqual([
      ...defaultMounts().map((m) => m.destination),
      '/sys/fs/cgroup',
    ]);
    expect(r.find((m) => m.destination === '/dev/pts')!.options).toContain('gid=5');
    expect(defaultMounts().find((m) => m.destination === '/dev/pts')!.options).not.toContain('gid=5');
  });
});

describe('vocabulary', () => {
  it('gates the time namespace at 1.1.0 and keeps the spec order', () => {
    expect(namespaceTypes('1.0.2')).toEqual(NAMESPACE_TYPES.filter((t) => t !== 'time'));
    expect(namespaceTypes('1.1.0')).toEqual([...NAMESPACE_TYPES]);
  });

  it('has no duplicate values', () => {
    for (const list of [NAMESPACE_TYPES, HOOK_KINDS, SECCOMP_ACTIONS, SECCOMP_ARCHITECTURES])
      expect(new Set(list).size).toBe(list.length);
  });
});
