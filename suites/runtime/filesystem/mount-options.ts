// filesystem.mount-options: a tmpfs mount's generic flags (nosuid, nodev, noexec) and its filesystem data
// (size, mode) read back from mountinfo and from the mount point itself.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type MountEntry, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'filesystem.mount-options';

/** The mount the case adds: `mode` differs from tmpfs's default 1777 so the kernel shows it in mountinfo. */
export const caseMount = {
  destination: '/mnt/oci-tmpfs',
  type: 'tmpfs',
  source: 'tmpfs',
  options: ['nosuid', 'nodev', 'noexec', 'size=1m', 'mode=1770'],
};

/** Generic flags that appear in mountinfo's per-mount options when set, and their requirement. */
const flagRequirement: Record<string, RuntimeRequirementId> = {
  nosuid: 'config.mounts.option.nosuid',
  nodev: 'config.mounts.option.nodev',
  noexec: 'config.mounts.option.noexec',
};

/** The options config.md lists as mount(8) flags; anything else is filesystem data for mount(2). */
const knownOptions = new Set(
  (
    'async atime bind defaults dev diratime dirsync exec iversion lazytime loud mand noatime nodev nodiratime ' +
    'noexec noiversion nolazytime nomand norelatime nostrictatime nosuid nosymfollow private ratime rbind rdev ' +
    'rdiratime relatime remount rexec rnoatime rnodev rnodiratime rnoexec rnorelatime rnostrictatime rnosuid ' +
    'rnosymfollow ro rprivate rrelatime rro rrw rshared rslave rstrictatime rsuid rsymfollow runbindable rw ' +
    'shared silent slave strictatime suid symfollow sync tmpcopyup unbindable idmap ridmap'
  ).split(' '),
);

/** Normalises a filesystem option value for comparison: sizes to bytes (k/m/g suffixes), modes to numbers. */
export function normaliseOption(key: string, value: string): string {
  if (key === 'mode' && /^[0-7]+$/.test(value)) return String(parseInt(value, 8));
  const size = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (size && (key === 'size' || key === 'nr_blocks' || key === 'nr_inodes')) {
    const mult = { '': 1n, k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n }[
      size[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'
    ];
    return String(BigInt(size[1]!) * mult);
  }
  return value;
}

/** The mount at `destination` that is visible (the last one listed for that mount point). */
export function visibleMount(obs: Observation, destination: string): MountEntry | undefined {
  const at = (obs.mounts ?? []).filter((m) => m.mountPoint === destination);
  return at[at.length - 1];
}

/** Compares the mount at `mount.destination` with the configured type, flags and data options. */
export function checkMountOptions(
  obs: Observation,
  mount: { destination: string; type?: string; options?: string[] },
): Finding[] {
  const out: Finding[] = [];
  const m = visibleMount(obs, mount.destination);
  if (!m) {
    out.push(
      observationFinding(
        id,
        ['config.mounts.type-linux', 'runtime.create.apply-non-process-props'],
        'mounts',
        `expected a ${mount.type ?? ''} mount at ${mount.destination}, found none in mountinfo`,
        mount,
        (obs.mounts ?? []).map((x) => x.mountPoint),
      ),
    );
    return out;
  }
  if (mount.type && m.fstype !== mount.type)
    out.push(
      observationFinding(
        id,
        ['config.mounts.type-linux'],
        `mounts[${mount.destination}].fstype`,
        `expected filesystem type ${mount.type} at ${mount.destination}, found ${m.fstype}`,
        mount.type,
        m.fstype,
      ),
    );
  for (const opt of mount.options ?? []) {
    const req = flagRequirement[opt];
    if (req && !m.options.includes(opt))
      out.push(
        observationFinding(
          id,
          [req],
          `mounts[${mount.destination}].options`,
          `expected per-mount option ${opt} at ${mount.destination}, found ${m.options.join(',')}`,
          opt,
          m.options,
        ),
      );
    if (knownOptions.has(opt)) continue;
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? undefined : opt.slice(eq + 1);
    const shown = m.superOptions.find((s) => s === key || s.startsWith(`${key}=`));
    const shownValue = shown?.includes('=') ? shown.slice(shown.indexOf('=') + 1) : undefined;
    const same =
      shown !== undefined &&
      (value === undefined
        ? shownValue === undefined
        : shownValue !== undefined && normaliseOption(key, shownValue) === normaliseOption(key, value));
    if (!same)
      out.push(
        observationFinding(
          id,
          ['config.mounts.unknown-options-as-data'],
          `mounts[${mount.destination}].superOptions`,
          `expected filesystem option ${opt} passed to mount(2) at ${mount.destination}, found ${m.superOptions.join(',') || 'none'}`,
          opt,
          m.superOptions,
        ),
      );
  }
  // The mode= option sets the mode of the tmpfs root, which is what the container sees at the mount point.
  const modeOpt = (mount.options ?? []).find((o) => o.startsWith('mode='));
  const probe = obs.paths.find((p) => p.path === mount.destination);
  if (mount.type === 'tmpfs' && modeOpt && probe?.exists) {
    const want = parseInt(modeOpt.slice(5), 8);
    if (probe.mode !== want)
      out.push(
        observationFinding(
          id,
          ['config.mounts.unknown-options-as-data'],
          `paths[${mount.destination}].mode`,
          `expected the mount point ${mount.destination} to have mode ${want.toString(8)}, found ${probe.mode.toString(8)}`,
          want,
          probe.mode,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.mounts.type-linux',
  'config.mounts.option.nosuid',
  'config.mounts.option.nodev',
  'config.mounts.option.noexec',
  'config.mounts.unknown-options-as-data',
];

export const filesystemMountOptions = defineCase({
  id,
  group: 'filesystem',
  requirements,
  description:
    'mounts a tmpfs with nosuid,nodev,noexec,size=1m,mode=1770 and reads the flags and data back from mountinfo',
  build(config) {
    config.mount({ ...caseMount, options: [...caseMount.options] });
    config.probe('report', ['--path', caseMount.destination]);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    const mount = (ctx.bundle.config.mounts ?? []).find((m) => m.destination === caseMount.destination);
    return checkMountOptions(obs, mount ?? caseMount);
  },
});
