// Unit tests of the devices checks on fixture observations (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import type { DeviceNode, PathProbe } from '../../../harness/probe/observation.js';
import { caseConfig, fixtureObservation } from '../area-kit.fixtures.js';
import { caseDevices, checkDevices, devicesLinuxDevices } from './linux-devices.js';
import { checkDefaultDevices, defaultCharDevices, devSymlinks } from './default-devices.js';

const ok = { ok: true, errno: 0, error: null };

/** What the probe prints for a device made exactly as configured. */
function probed(d: (typeof caseDevices)[number]): PathProbe {
  const type = d.type === 'b' ? 'block' : d.type === 'p' ? 'fifo' : 'char';
  return {
    path: d.path,
    exists: true,
    type,
    mode: d.fileMode!,
    uid: d.uid!,
    gid: d.gid!,
    size: 0,
    ...(d.type === 'p' ? {} : { major: d.major!, minor: d.minor! }),
    read: ok,
    write: ok,
  };
}

const config = caseConfig(devicesLinuxDevices);
const reqs = (f: { requirements: string[] }[]) => f.map((x) => x.requirements);

describe('devices.linux-devices', () => {
  it('builds a config with one device of each type and probes every path', () => {
    expect(config.linux!.devices!.map((d) => d.type)).toEqual(['c', 'b', 'u', 'p', 'c']);
    expect(config.process!.args!.filter((a) => a.startsWith('/') && a !== '/probe')).toEqual(
      caseDevices.map((d) => d.path),
    );
  });

  it('passes when every device is there as configured', () => {
    const o = fixtureObservation((o) => (o.paths = caseDevices.map(probed)));
    expect(checkDevices(o, config)).toEqual([]);
  });

  it('flags a missing device, the wrong type and the wrong numbers', () => {
    const o = fixtureObservation((o) => {
      o.paths = caseDevices.map(probed);
      o.paths[0] = { path: caseDevices[0]!.path, exists: false, errno: 2, error: 'ENOENT' };
      o.paths[1] = { ...(o.paths[1] as PathProbe & { exists: true }), type: 'char' };
      o.paths[2] = { ...(o.paths[2] as PathProbe & { exists: true }), minor: 9 };
    });
    expect(reqs(checkDevices(o, config))).toEqual([
      ['config-linux.devices.available'],
      ['config-linux.devices.available'],
      ['config-linux.devices.available'],
    ]);
  });

  it('flags fileMode, uid and gid apart, and a missing device outside /dev against outside-dev too', () => {
    const o = fixtureObservation((o) => {
      o.paths = caseDevices.map(probed);
      o.paths[0] = { ...(o.paths[0] as PathProbe & { exists: true }), mode: 0o644, uid: 0, gid: 0 };
      o.paths.pop();
    });
    const f = checkDevices(o, config);
    expect(reqs(f)).toEqual([
      ['config-linux.devices.fileMode'],
      ['config-linux.devices.owner'],
      ['config-linux.devices.owner'],
      ['config-linux.devices.available', 'config-linux.devices.outside-dev'],
    ]);
    expect(f[0]!.expected).toBe('0666');
    expect(f[0]!.actual).toBe('0644');
  });
});

describe('devices.default-devices', () => {
  const good: DeviceNode[] = [
    ...defaultCharDevices.map((d): DeviceNode => ({
      path: d.path,
      type: 'char',
      major: d.major,
      minor: d.minor,
      mode: 0o666,
      uid: 0,
      gid: 0,
    })),
    { path: '/dev/ptmx', type: 'symlink', target: 'pts/ptmx', mode: 0o777, uid: 0, gid: 0 },
    ...devSymlinks.map((l): DeviceNode => ({
      path: l.path,
      type: 'symlink',
      target: l.target,
      mode: 0o777,
      uid: 0,
      gid: 0,
    })),
  ];

  it('passes with every default device and symlink', () => {
    expect(checkDefaultDevices(fixtureObservation((o) => (o.devices = good)))).toEqual([]);
  });

  it('accepts /dev/ptmx bind-mounted from devpts, not a plain node', () => {
    const node: DeviceNode = {
      path: '/dev/ptmx',
      type: 'char',
      major: 5,
      minor: 2,
      mode: 0o666,
      uid: 0,
      gid: 0,
    };
    const devices = good.map((d) => (d.path === '/dev/ptmx' ? node : d));
    const plain = fixtureObservation((o) => (o.devices = devices));
    expect(reqs(checkDefaultDevices(plain))).toEqual([['config-linux.default-devices.ptmx']]);
    const bound = fixtureObservation((o) => {
      o.devices = devices;
      o.mounts!.push({
        ...o.mounts![1]!,
        id: 999,
        mountPoint: '/dev/ptmx',
        fstype: 'devpts',
        source: 'devpts',
      });
    });
    expect(checkDefaultDevices(bound)).toEqual([]);
  });

  it('flags each missing or wrong device and symlink against its own requirement', () => {
    const o = fixtureObservation((o) => {
      o.devices = good
        .filter((d) => d.path !== '/dev/zero' && d.path !== '/dev/stderr')
        .map((d) => (d.path === '/dev/tty' ? { ...d, minor: 1 } : d))
        .map((d) => (d.path === '/dev/fd' ? { ...d, target: '/proc/1/fd' } : d))
        .map((d) => (d.path === '/dev/ptmx' ? { ...d, target: '/dev/ptmx2' } : d));
    });
    expect(reqs(checkDefaultDevices(o))).toEqual([
      ['config-linux.default-devices.zero'],
      ['config-linux.default-devices.tty'],
      ['config-linux.default-devices.ptmx'],
      ['runtime-linux.dev-symlinks.fd'],
      ['runtime-linux.dev-symlinks.stderr'],
    ]);
  });
});
