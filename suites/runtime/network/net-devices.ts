// network.net-devices: linux.netDevices (config-linux.md "Network Devices", 1.3.0): host devices (dummy, or veth) the
// harness makes are moved into the container's network namespace, renamed (a plain name and a `%d`
// template), brought up with their MTU and global addresses kept, and not moved back while the
// container exists; a name already in the container's namespace, or a device that cannot be moved,
// fails create. Links are read from the host with `ip -j addr` (nsenter into the container's netns).
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { addDummy, linksOf, removeLink, type LinkInfo } from '../../../harness/runtime/netdev.js';
import { defineCase } from '../../../harness/runtime/case.js';
import { observationFinding } from '../area-kit.js';

const id = 'network.net-devices';

/** What the case configured for one moved device. */
export interface MovedDevice {
  /** Host name. */
  host: string;
  /** `name` in the config (may end in `%d`). */
  name: string;
  mtu: number;
  /** Addresses with prefix, as given to `ip addr add`. */
  addrs: string[];
}

/** The container link a configured device became: by name, or by the `%d` template's pattern. */
export function linkFor(links: LinkInfo[], d: MovedDevice): LinkInfo | undefined {
  if (!d.name.endsWith('%d')) return links.find((l) => l.ifname === d.name);
  const prefix = d.name.slice(0, -2);
  return links.find((l) => l.ifname.startsWith(prefix) && /^\d+$/.test(l.ifname.slice(prefix.length)));
}

/** Compares the container's and the host's links (after create) with the moved devices. */
export function checkMovedDevices(
  devices: MovedDevice[],
  container: LinkInfo[],
  host: LinkInfo[],
): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  for (const d of devices) {
    const l = linkFor(container, d);
    const template = d.name.endsWith('%d');
    if (!l) {
      f(
        template
          ? ['config-linux.netDevices.template-name', 'config-linux.netDevices.available']
          : ['config-linux.netDevices.available'],
        `${d.name} in the container`,
        `expected host device ${d.host} in the container's network namespace as ${template ? `${d.name.slice(0, -2)}<n>` : d.name}, found ${container.map((x) => x.ifname).join(', ') || 'no links'}`,
        d.name,
        container.map((x) => x.ifname),
      );
      continue;
    }
    if (!l.flags.includes('UP'))
      f(
        ['config-linux.netDevices.set-up'],
        `${d.name} up`,
        `expected ${l.ifname} brought up after the move, found flags ${l.flags.join(',')}`,
        'UP',
        l.flags,
      );
    const have = new Set(l.addr_info.map((a) => `${a.local}/${a.prefixlen}`));
    const lost = d.addrs.filter((a) => !have.has(a));
    if (l.mtu !== d.mtu || lost.length)
      f(
        ['config-linux.netDevices.preserve-attributes'],
        `${d.name} attributes`,
        `expected ${l.ifname} to keep mtu ${d.mtu} and its global addresses ${d.addrs.join(', ')}, found mtu ${l.mtu}${lost.length ? ` and ${lost.join(', ')} missing` : ''}`,
        { mtu: d.mtu, addrs: d.addrs },
        { mtu: l.mtu, addrs: [...have] },
      );
    if (host.some((h) => h.ifname === d.host))
      f(
        ['config-linux.netDevices.no-move-back'],
        `${d.name} source on the host`,
        `expected ${d.host} gone from the host while the container exists, found it in the host's namespace`,
        'absent',
        'present',
      );
  }
  return out;
}

/** `ip` and `nsenter` on the PATH (Debian: iproute2 and util-linux). */
function hasTools(): boolean {
  const dirs = (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':');
  return ['ip', 'nsenter'].every((t) => dirs.some((d) => existsSync(`${d}/${t}`)));
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.netDevices.available',
  'config-linux.netDevices.template-name',
  'config-linux.netDevices.set-up',
  'config-linux.netDevices.preserve-attributes',
  'config-linux.netDevices.no-move-back',
  'config-linux.netDevices.name-conflict-error',
  'config-linux.netDevices.check-movable',
];

export const networkNetDevices = defineCase({
  id,
  group: 'network',
  requirements,
  since: '1.3.0',
  description:
    'moves two host devices (dummy, or veth where the kernel lacks dummy) into the container (renamed, and by a %d template): present, up, mtu and addresses kept, gone from the host; a name taken in the container (lo) or an unmovable device (the host lo) fails create',
  feature: { path: ['linux', 'netDevices', 'enabled'], requirement: 'features-linux.netDevices-enabled' },
  needs(host) {
    if (!host.root) return 'needs root (the harness makes host network devices)';
    if (!host.namespaces.includes('network')) return 'needs the network namespace';
    return hasTools() ? null : 'needs ip (iproute2) and nsenter (util-linux) on the PATH';
  },
  timeoutMs: 45_000,
  async run(ctx) {
    const tag = randomBytes(3).toString('hex');
    const devices: MovedDevice[] = [
      { host: `ocnd${tag}a`, name: 'ocren0', mtu: 1400, addrs: ['192.0.2.10/24', '2001:db8:10::10/64'] },
      { host: `ocnd${tag}b`, name: 'octpl%d', mtu: 1300, addrs: ['198.51.100.10/24'] },
    ];
    const conflict = `ocnd${tag}c`;
    for (const n of [...devices.map((d) => d.host), conflict]) ctx.defer(() => removeLink(n));
    for (const d of devices) await addDummy(d.host, d);
    await addDummy(conflict, { mtu: 1500, addrs: [] });

    const bundle = await ctx.makeBundle((c) => {
      c.set('/ociVersion', '1.3.0');
      c.set('/linux/netDevices', Object.fromEntries(devices.map((d) => [d.host, { name: d.name }])));
    });
    const cid = ctx.newContainerId('moved');
    const created = await ctx.runtime.create({ id: cid, bundle });
    const out: Finding[] = [];
    if (
      ctx.check.succeeded(created, {
        requirements: ['config-linux.netDevices.available'],
        what: 'create with netDevices',
      })
    ) {
      const st = await ctx.runtime.state(cid);
      const pid = typeof st.state?.pid === 'number' ? st.state.pid : undefined;
      if (pid) {
        const inside = await linksOf(pid);
        const onHost = await linksOf();
        ctx.observe('links', { container: inside, host: onHost.map((l) => l.ifname) });
        out.push(...checkMovedDevices(devices, inside, onHost));
      }
    }

    // SPEC: a runtime that refuses the config with netDevices altogether (or its ociVersion) would refuse
    // the next two for the same reason, which shows nothing about conflicts or movability.
    if (created.exitCode !== 0) {
      ctx.note('create with netDevices failed: the name-conflict and movability checks are not run');
      return out;
    }
    // A target name the container's namespace already has (its loopback) fails create.
    const clash = await ctx.makeBundle((c) => {
      c.set('/ociVersion', '1.3.0');
      c.set('/linux/netDevices', { [conflict]: { name: 'lo' } });
    });
    ctx.check.failed(await ctx.runtime.create({ id: ctx.newContainerId('clash'), bundle: clash }), {
      requirements: ['config-linux.netDevices.name-conflict-error'],
      what: 'create with a name taken in the container',
    });
    // The host's loopback cannot leave its namespace (the kernel marks it netns-local): create fails.
    const stuck = await ctx.makeBundle((c) => {
      c.set('/ociVersion', '1.3.0');
      c.set('/linux/netDevices', { lo: { name: `oclo${tag}` } });
    });
    ctx.check.failed(await ctx.runtime.create({ id: ctx.newContainerId('stuck'), bundle: stuck }), {
      requirements: ['config-linux.netDevices.check-movable'],
      what: 'create with an unmovable device',
    });
    return out;
  },
});
