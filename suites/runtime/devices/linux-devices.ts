// devices.linux-devices: one device of each type (c, b, u, p) in linux.devices, one of them outside /dev,
// each with its own fileMode, uid and gid; the probe stats every path. devices.path-conflict: a regular
// file already at a device's path in the rootfs must make create fail.
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation, type PathProbe } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'devices.linux-devices';

/** A linux.devices entry (config-linux.md "Devices"). */
export interface DeviceEntry {
  type: 'c' | 'b' | 'u' | 'p';
  path: string;
  major?: number;
  minor?: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

/**
 * The devices of the case: modes that a umask of 022 would change (0666, 0662) and owners other than
 * root, so a runtime that ignores fileMode, uid or gid is seen. Major/minor numbers of real kernel
 * devices (mem 1:3 and 1:5, loop 7:0), which the devices cgroup lets runtimes create by default.
 */
export const caseDevices: DeviceEntry[] = [
  { type: 'c', path: '/dev/oci-conform-c', major: 1, minor: 3, fileMode: 0o666, uid: 1000, gid: 1001 },
  { type: 'b', path: '/dev/oci-conform-b', major: 7, minor: 0, fileMode: 0o640, uid: 1002, gid: 1003 },
  { type: 'u', path: '/dev/oci-conform-u', major: 1, minor: 5, fileMode: 0o662, uid: 0, gid: 1004 },
  { type: 'p', path: '/dev/oci-conform-p', fileMode: 0o620, uid: 1005, gid: 0 },
  {
    type: 'c',
    path: '/oci-conform-devices/null',
    major: 1,
    minor: 3,
    fileMode: 0o604,
    uid: 1006,
    gid: 1007,
  },
];

const fileTypeOf: Record<DeviceEntry['type'], 'char' | 'block' | 'fifo'> = {
  c: 'char',
  u: 'char',
  b: 'block',
  p: 'fifo',
};

const octal = (n: number) => `0${n.toString(8)}`;

/** Each configured device against what the probe found at its path. */
export function checkDevices(obs: Observation, config: RuntimeConfig): Finding[] {
  const out: Finding[] = [];
  const devices = (config.linux?.devices ?? []) as unknown as DeviceEntry[];
  for (const d of devices) {
    const p: PathProbe | undefined = obs.paths.find((x) => x.path === d.path);
    const outside = !d.path.startsWith('/dev/');
    const presence: RuntimeRequirementId[] = outside
      ? ['config-linux.devices.available', 'config-linux.devices.outside-dev']
      : ['config-linux.devices.available'];
    const field = `paths.${d.path}`;
    const want = fileTypeOf[d.type];
    if (!p || !p.exists) {
      out.push(
        observationFinding(
          id,
          presence,
          field,
          `expected a ${want} device at ${d.path} (linux.devices type ${d.type}), found ${p ? p.error : 'nothing'}`,
          want,
          p && !p.exists ? p.error : null,
        ),
      );
      continue;
    }
    if (p.type !== want) {
      out.push(
        observationFinding(
          id,
          presence,
          `${field}.type`,
          `expected ${d.path} to be a ${want} device (type ${d.type}), found a ${p.type}`,
          want,
          p.type,
        ),
      );
      continue;
    }
    if (d.type !== 'p' && (p.major !== d.major || p.minor !== d.minor))
      out.push(
        observationFinding(
          id,
          presence,
          `${field}.rdev`,
          `expected ${d.path} to be device ${d.major}:${d.minor}, found ${p.major}:${p.minor}`,
          `${d.major}:${d.minor}`,
          `${p.major}:${p.minor}`,
        ),
      );
    if (d.fileMode !== undefined && (p.mode & 0o777) !== d.fileMode)
      out.push(
        observationFinding(
          id,
          ['config-linux.devices.fileMode'],
          `${field}.mode`,
          `expected ${d.path} to have mode ${octal(d.fileMode)} (fileMode ${d.fileMode}), found ${octal(p.mode & 0o777)}`,
          octal(d.fileMode),
          octal(p.mode & 0o777),
        ),
      );
    if (d.uid !== undefined && p.uid !== d.uid)
      out.push(
        observationFinding(
          id,
          ['config-linux.devices.owner'],
          `${field}.uid`,
          `expected ${d.path} to be owned by uid ${d.uid}, found uid ${p.uid}`,
          d.uid,
          p.uid,
        ),
      );
    if (d.gid !== undefined && p.gid !== d.gid)
      out.push(
        observationFinding(
          id,
          ['config-linux.devices.owner'],
          `${field}.gid`,
          `expected ${d.path} to have group ${d.gid}, found gid ${p.gid}`,
          d.gid,
          p.gid,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.devices.available',
  'config-linux.devices.fileMode',
  'config-linux.devices.owner',
  'config-linux.devices.outside-dev',
];

export const devicesLinuxDevices = defineCase({
  id,
  group: 'devices',
  requirements,
  description:
    'lists a c, b, u and p device (one outside /dev) with fileMode, uid and gid, and stats each path inside',
  build(config) {
    config.set('/linux/devices', caseDevices);
    config.probe(
      'report',
      caseDevices.flatMap((d) => ['--path', d.path]),
    );
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, ['config-linux.devices.available']);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkDevices(obs, ctx.bundle.config);
  },
});

/** The device whose path already holds a regular file in the rootfs (outside /dev, which is a tmpfs). */
export const conflictDevice: DeviceEntry = {
  type: 'c',
  path: '/oci-conform-conflict',
  major: 1,
  minor: 3,
  fileMode: 0o666,
  uid: 0,
  gid: 0,
};

const conflictRequirements: RuntimeRequirementId[] = ['config-linux.devices.path-conflict-error'];

export const devicesPathConflict = defineCase({
  id: 'devices.path-conflict',
  group: 'devices',
  requirements: conflictRequirements,
  description:
    'puts a regular file in the rootfs at the path of a listed char device 1:3 and expects create to fail',
  build(config) {
    config.set('/linux/devices', [conflictDevice]);
  },
  async run(ctx) {
    const file = ctx.bundle.hostPath(conflictDevice.path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, 'not a device\n');
    const created = await ctx.runtime.create();
    ctx.check.failed(created, {
      requirements: conflictRequirements,
      what: `create with a regular file at ${conflictDevice.path}, listed as char device 1:3`,
    });
  },
});
