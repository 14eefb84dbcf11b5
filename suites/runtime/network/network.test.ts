// Unit tests of the netDevices checks on links shaped like `ip -j addr show` output.
import { describe, expect, it } from 'vitest';
import { parseLinks, type LinkInfo } from '../../../harness/runtime/netdev.js';
import { checkMovedDevices, linkFor, type MovedDevice } from './net-devices.js';

const devices: MovedDevice[] = [
  { host: 'ocnda', name: 'ocren0', mtu: 1400, addrs: ['192.0.2.10/24', '2001:db8:10::10/64'] },
  { host: 'ocndb', name: 'octpl%d', mtu: 1300, addrs: ['198.51.100.10/24'] },
];
const link = (ifname: string, mtu: number, addrs: string[], flags = ['BROADCAST', 'UP']): LinkInfo => ({
  ifname,
  flags,
  mtu,
  addr_info: addrs.map((a) => {
    const [local, len] = a.split('/');
    return {
      family: a.includes(':') ? 'inet6' : 'inet',
      local: local!,
      prefixlen: Number(len),
      scope: 'global',
    };
  }),
});
const good = [
  link('lo', 65536, ['127.0.0.1/8']),
  link('ocren0', 1400, ['192.0.2.10/24', '2001:db8:10::10/64', 'fe80::1/64']),
  link('octpl0', 1300, ['198.51.100.10/24']),
];
const reqs = (c: LinkInfo[], h: LinkInfo[] = []) =>
  checkMovedDevices(devices, c, h).flatMap((f) => f.requirements);

describe('netDevices checks', () => {
  it('parses ip -j addr show and rejects other output', () => {
    const text = JSON.stringify([{ ifname: 'lo', flags: ['UP'], mtu: 65536, addr_info: [] }]);
    expect(parseLinks(text)).toEqual([{ ifname: 'lo', flags: ['UP'], mtu: 65536, addr_info: [] }]);
    expect(() => parseLinks('Device "x" does not exist.')).toThrow(/expected the JSON of ip -j addr show/);
  });
  it('finds a %d template by its prefix and a number', () => {
    expect(linkFor(good, devices[1]!)?.ifname).toBe('octpl0');
    expect(linkFor([link('octplx', 1, [])], devices[1]!)).toBeUndefined();
  });
  it('passes moved, renamed, up devices with their attributes, gone from the host', () => {
    expect(checkMovedDevices(devices, good, [link('lo', 65536, [])])).toEqual([]);
  });
  it('fails on a missing device, a device down, lost attributes, a device still on the host', () => {
    expect(reqs([good[0]!, good[2]!])).toEqual(['config-linux.netDevices.available']);
    expect(reqs([good[0]!, good[1]!])).toEqual([
      'config-linux.netDevices.template-name',
      'config-linux.netDevices.available',
    ]);
    expect(reqs([link('ocren0', 1400, devices[0]!.addrs, ['BROADCAST']), good[2]!])).toEqual([
      'config-linux.netDevices.set-up',
    ]);
    expect(reqs([link('ocren0', 1500, devices[0]!.addrs), good[2]!])).toEqual([
      'config-linux.netDevices.preserve-attributes',
    ]);
    expect(reqs([link('ocren0', 1400, ['192.0.2.10/24']), good[2]!])).toEqual([
      'config-linux.netDevices.preserve-attributes',
    ]);
    expect(reqs(good, [link('ocnda', 1400, [])])).toEqual(['config-linux.netDevices.no-move-back']);
  });
});
