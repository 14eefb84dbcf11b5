// devices.default-devices: with no linux.devices, /dev holds the default devices of config-linux.md
// (null, zero, full, random, urandom, tty, ptmx) and the /dev symlinks of runtime-linux.md (fd, stdin,
// stdout, stderr), as the probe's walk of /dev sees them.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'devices.default-devices';

/** The default char devices with their Linux numbers (Documentation/admin-guide/devices.txt). */
export const defaultCharDevices: { path: string; major: number; minor: number; req: RuntimeRequirementId }[] =
  [
    { path: '/dev/null', major: 1, minor: 3, req: 'config-linux.default-devices.null' },
    { path: '/dev/zero', major: 1, minor: 5, req: 'config-linux.default-devices.zero' },
    { path: '/dev/full', major: 1, minor: 7, req: 'config-linux.default-devices.full' },
    { path: '/dev/random', major: 1, minor: 8, req: 'config-linux.default-devices.random' },
    { path: '/dev/urandom', major: 1, minor: 9, req: 'config-linux.default-devices.urandom' },
    { path: '/dev/tty', major: 5, minor: 0, req: 'config-linux.default-devices.tty' },
  ];

/** runtime-linux.md "Dev symbolic links": link -> target. */
export const devSymlinks: { path: string; target: string; req: RuntimeRequirementId }[] = [
  { path: '/dev/fd', target: '/proc/self/fd', req: 'runtime-linux.dev-symlinks.fd' },
  { path: '/dev/stdin', target: '/proc/self/fd/0', req: 'runtime-linux.dev-symlinks.stdin' },
  { path: '/dev/stdout', target: '/proc/self/fd/1', req: 'runtime-linux.dev-symlinks.stdout' },
  { path: '/dev/stderr', target: '/proc/self/fd/2', req: 'runtime-linux.dev-symlinks.stderr' },
];

/** Resolves a symlink target written relative to /dev (`pts/ptmx`) to an absolute path. */
function absoluteTarget(target: string): string {
  const parts = (target.startsWith('/') ? target : `/dev/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** The default devices and /dev symlinks against the probe's walk of /dev and its mountinfo. */
export function checkDefaultDevices(obs: Observation): Finding[] {
  const out: Finding[] = [];
  const at = (path: string) => obs.devices.find((d) => d.path === path);
  for (const d of defaultCharDevices) {
    const found = at(d.path);
    if (!found || found.type !== 'char' || found.major !== d.major || found.minor !== d.minor)
      out.push(
        observationFinding(
          id,
          [d.req],
          `devices.${d.path}`,
          `expected char device ${d.major}:${d.minor} at ${d.path}, found ${
            found
              ? `${found.type}${found.major !== undefined ? ` ${found.major}:${found.minor}` : ''}`
              : 'nothing'
          }`,
          `char ${d.major}:${d.minor}`,
          found ? `${found.type} ${found.major ?? ''}:${found.minor ?? ''}` : null,
        ),
      );
  }
  // /dev/ptmx: a symlink to /dev/pts/ptmx, or a bind mount of it (a devpts mount at /dev/ptmx).
  const ptmx = at('/dev/ptmx');
  const ptmxMount = (obs.mounts ?? []).some((m) => m.mountPoint === '/dev/ptmx' && m.fstype === 'devpts');
  const ptmxOk =
    ptmx !== undefined &&
    ((ptmx.type === 'symlink' && absoluteTarget(ptmx.target ?? '') === '/dev/pts/ptmx') ||
      (ptmx.type === 'char' && ptmx.major === 5 && ptmx.minor === 2 && ptmxMount));
  if (!ptmxOk)
    out.push(
      observationFinding(
        id,
        ['config-linux.default-devices.ptmx'],
        'devices./dev/ptmx',
        `expected /dev/ptmx to be a symlink to /dev/pts/ptmx or a bind mount of it, found ${
          ptmx ? `${ptmx.type}${ptmx.target ? ` -> ${ptmx.target}` : ''}` : 'nothing'
        }`,
        'symlink to pts/ptmx, or a devpts bind mount',
        ptmx ?? null,
      ),
    );
  for (const l of devSymlinks) {
    const found = at(l.path);
    if (!found || found.type !== 'symlink' || found.target !== l.target)
      out.push(
        observationFinding(
          id,
          [l.req],
          `devices.${l.path}`,
          `expected symlink ${l.path} -> ${l.target}, found ${
            found ? `${found.type}${found.target ? ` -> ${found.target}` : ''}` : 'nothing'
          }`,
          l.target,
          found?.target ?? found?.type ?? null,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  ...defaultCharDevices.map((d) => d.req),
  'config-linux.default-devices.ptmx',
  ...devSymlinks.map((l) => l.req),
];

export const devicesDefaultDevices = defineCase({
  id,
  group: 'devices',
  requirements,
  description:
    'lists no devices and expects the default devices (null, zero, full, random, urandom, tty, ptmx) and the /dev symlinks fd, stdin, stdout, stderr',
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkDefaultDevices(obs);
  },
});
