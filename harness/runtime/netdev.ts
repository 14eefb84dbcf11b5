// Host-side network device helpers for the netDevices cases (config-linux.md "Network Devices"): dummy
// devices the harness makes and removes, and the links of a network namespace read with `ip -j addr`.
import { execa } from 'execa';

/** One link as `ip -j addr show` prints it (the fields the cases read). */
export interface LinkInfo {
  ifname: string;
  flags: string[];
  mtu: number;
  address?: string;
  addr_info: { family: string; local: string; prefixlen: number; scope: string; dynamic?: boolean }[];
}

/** Parses `ip -j addr show`, with an error that says what was expected and found. */
export function parseLinks(text: string): LinkInfo[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`expected the JSON of ip -j addr show, found ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (!Array.isArray(v))
    throw new Error(`expected a list of links from ip -j addr show, found ${text.slice(0, 200)}`);
  return v
    .filter(
      (l): l is Record<string, unknown> =>
        typeof l === 'object' && l !== null && typeof l.ifname === 'string',
    )
    .map((l) => ({
      ifname: l.ifname as string,
      flags: Array.isArray(l.flags) ? (l.flags as string[]) : [],
      mtu: typeof l.mtu === 'number' ? l.mtu : -1,
      ...(typeof l.address === 'string' ? { address: l.address } : {}),
      addr_info: Array.isArray(l.addr_info) ? (l.addr_info as LinkInfo['addr_info']) : [],
    }));
}

/** The links of the network namespace of `pid` (the host's own when pid is undefined). */
export async function linksOf(pid?: number): Promise<LinkInfo[]> {
  const r =
    pid === undefined
      ? await execa('ip', ['-j', 'addr', 'show'], { reject: false })
      : await execa('nsenter', ['-t', String(pid), '-n', 'ip', '-j', 'addr', 'show'], { reject: false });
  if (r.exitCode !== 0)
    throw new Error(
      `expected ip -j addr show to succeed${pid ? ` in the netns of ${pid}` : ''}, found ${r.stderr.trim()}`,
    );
  return parseLinks(r.stdout);
}

/**
 * Makes a movable device with an MTU and global addresses on the host: a dummy device, or where the kernel
 * lacks the dummy driver one end of a veth pair (the peer, `<name>p`, stays on the host; deleting either
 * end deletes both).
 */
export async function addDummy(name: string, o: { mtu: number; addrs: string[] }): Promise<void> {
  const run = async (args: string[]) => {
    const r = await execa('ip', args, { reject: false });
    if (r.exitCode !== 0)
      throw new Error(`expected ip ${args.join(' ')} to succeed, found ${r.stderr.trim()}`);
  };
  const dummy = await execa('ip', ['link', 'add', name, 'type', 'dummy'], { reject: false });
  if (dummy.exitCode !== 0) await run(['link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`]);
  await run(['link', 'set', name, 'mtu', String(o.mtu)]);
  for (const a of o.addrs) await run(['addr', 'add', a, 'dev', name, ...(a.includes(':') ? ['nodad'] : [])]);
}

/** Removes a host link if it is still there (teardown: whatever happened). */
export async function removeLink(name: string): Promise<void> {
  await execa('ip', ['link', 'del', name], { reject: false });
}
