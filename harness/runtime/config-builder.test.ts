import { describe, expect, it } from 'vitest';
import { ConfigBuilder, defaultConfig } from './config-builder.js';

describe('config builder', () => {
  it('default config runs the probe with the requested spec version and cgroupsPath', () => {
    const c = defaultConfig({ specVersion: '1.0.2', cgroupsPath: '/x/y' });
    expect(c.ociVersion).toBe('1.0.2');
    expect(c.process?.args).toEqual(['/probe', 'report']);
    expect(c.process?.terminal).toBe(false);
    expect(c.linux?.cgroupsPath).toBe('/x/y');
    expect(c.root).toEqual({ path: 'rootfs', readonly: false });
    expect(c.linux?.namespaces?.map((n) => n.type)).toEqual(['pid', 'network', 'ipc', 'uts', 'mount']);
  });

  it('edits collections by key and builds independent copies', () => {
    const b = new ConfigBuilder(defaultConfig());
    b.env('A=1', 'PATH=/bin').env('A=2');
    b.mount({ destination: '/tmp', type: 'tmpfs', source: 'tmpfs' }).mount({
      destination: '/tmp',
      type: 'tmpfs',
      source: 'x',
    });
    b.namespace('user').namespace('network', '/run/netns/x').removeNamespace('ipc');
    b.annotation('org.example.a', 'b').hook('prestart', { path: '/bin/true' });
    const first = b.build();
    b.probe('wait', ['--exit-after', '1'], { marker: '/m' });
    expect(first.process?.env).toEqual(['PATH=/bin', 'A=2']);
    expect(first.mounts?.filter((m) => m.destination === '/tmp')).toEqual([
      { destination: '/tmp', type: 'tmpfs', source: 'x' },
    ]);
    expect(first.linux?.namespaces).toContainEqual({ type: 'network', path: '/run/netns/x' });
    expect(first.linux?.namespaces?.some((n) => n.type === 'ipc')).toBe(false);
    expect(first.process?.args).toEqual(['/probe', 'report']);
    expect(b.build().process?.args).toEqual(['/probe', '--marker', '/m', 'wait', '--exit-after', '1']);
    expect(first.hooks?.prestart).toEqual([{ path: '/bin/true' }]);
  });

  it('sets and removes values by json pointer', () => {
    const b = new ConfigBuilder();
    b.set('/ociVersion', 'invalid')
      .set('/org.example~1x/deep', 1)
      .set('/process/args/-', 'extra')
      .set('/hostname', undefined);
    expect(b.get('/ociVersion')).toBe('invalid');
    expect(b.get('/org.example~1x/deep')).toBe(1);
    expect(b.get('/process/args')).toEqual(['/probe', 'report', 'extra']);
    expect(b.get('/hostname')).toBeUndefined();
    expect(() => b.set('ociVersion', 'x')).toThrow();
  });

  it('merges resources one level deep and replaces rlimits by type', () => {
    const b = new ConfigBuilder();
    b.resources({ pids: { limit: 4 } }).resources({ pids: { x: 1 }, memory: { limit: 1 } });
    b.rlimit('RLIMIT_NOFILE', 10, 20);
    const c = b.build();
    expect(c.linux?.resources).toEqual({ pids: { limit: 4, x: 1 }, memory: { limit: 1 } });
    expect(c.process?.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', soft: 10, hard: 20 }]);
  });
});
