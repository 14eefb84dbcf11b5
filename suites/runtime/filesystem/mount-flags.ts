// filesystem.mount-flags and filesystem.mount-flags-accepted: the filesystem-independent options of
// config.md's Linux mount options table on tmpfs mounts, each read back from mountinfo.
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import type { MountEntry as ConfigMount } from '../../../harness/runtime/config-builder.js';
import { defineCase } from '../../../harness/runtime/case.js';
import {
  addTableMounts,
  count,
  hide,
  runTables,
  show,
  tableRequirements,
  type TableMount,
} from './mount-table.js';

const opt = (name: string) => `config.mounts.option.${name}` as RuntimeRequirementId;
const tmpfs = (destination: string, options: string[]): ConfigMount => ({
  destination,
  type: 'tmpfs',
  source: 'tmpfs',
  options: [...options, 'size=1m'],
});

const base = '/mnt/oci-flags';
const setAll = [
  'ro',
  'nosuid',
  'nodev',
  'noexec',
  'sync',
  'dirsync',
  'mand',
  'lazytime',
  'noatime',
  'nodiratime',
];

/**
 * Each option sets or clears one flag; each is checked where the kernel shows it. Options that clear a
 * flag follow the option setting it on the same mount, so ignoring them leaves the flag set.
 * SPEC: `relatime` and `norelatime` change nothing on a new mount (the kernel defaults to relatime); they
 * are checked on a `remount` of a noatime tmpfs, where relatime replaces the preserved atime mode and
 * norelatime (clearing relatime, as in mount(8)) leaves it preserved.
 */
export const flagsTable: TableMount[] = [
  {
    entries: [tmpfs(`${base}-set`, setAll)],
    expect: [
      show('ro', opt('ro'), 'options', 'ro'),
      show('nosuid', opt('nosuid'), 'options', 'nosuid'),
      show('nodev', opt('nodev'), 'options', 'nodev'),
      show('noexec', opt('noexec'), 'options', 'noexec'),
      show('noatime', opt('noatime'), 'options', 'noatime'),
      show('nodiratime', opt('nodiratime'), 'options', 'nodiratime'),
      show('sync', opt('sync'), 'superOptions', 'sync'),
      show('dirsync', opt('dirsync'), 'superOptions', 'dirsync'),
      show('mand', opt('mand'), 'superOptions', 'mand'),
      show('lazytime', opt('lazytime'), 'superOptions', 'lazytime'),
    ],
  },
  {
    entries: [
      tmpfs(`${base}-clear`, [
        ...setAll,
        'rw',
        'suid',
        'dev',
        'exec',
        'async',
        'nomand',
        'nolazytime',
        'atime',
        'diratime',
      ]),
    ],
    expect: [
      show('rw', opt('rw'), 'options', 'rw'),
      hide('suid', opt('suid'), 'options', 'nosuid'),
      hide('dev', opt('dev'), 'options', 'nodev'),
      hide('exec', opt('exec'), 'options', 'noexec'),
      hide('atime', opt('atime'), 'options', 'noatime'),
      hide('diratime', opt('diratime'), 'options', 'nodiratime'),
      hide('async', opt('async'), 'superOptions', 'sync'),
      hide('nomand', opt('nomand'), 'superOptions', 'mand'),
      hide('nolazytime', opt('nolazytime'), 'superOptions', 'lazytime'),
    ],
  },
  {
    entries: [tmpfs(`${base}-strict`, ['noatime', 'strictatime'])],
    expect: [
      hide('strictatime', opt('strictatime'), 'options', 'relatime'),
      hide('strictatime', opt('strictatime'), 'options', 'noatime'),
    ],
  },
  {
    entries: [tmpfs(`${base}-nostrict`, ['strictatime', 'nostrictatime'])],
    expect: [show('nostrictatime', opt('nostrictatime'), 'options', 'relatime')],
  },
  {
    entries: [tmpfs(`${base}-relatime`, ['noatime']), tmpfs(`${base}-relatime`, ['remount', 'relatime'])],
    expect: [
      hide('relatime', opt('relatime'), 'options', 'noatime'),
      show('relatime', opt('relatime'), 'options', 'relatime'),
      count('remount', opt('remount'), 1),
    ],
  },
  {
    entries: [
      tmpfs(`${base}-norelatime`, ['noatime']),
      tmpfs(`${base}-norelatime`, ['remount', 'relatime', 'norelatime', 'ro']),
    ],
    expect: [
      show('norelatime', opt('norelatime'), 'options', 'noatime'),
      show('remount', opt('remount'), 'options', 'ro'),
    ],
  },
];

const requirements = tableRequirements(flagsTable);

export const filesystemMountFlags = defineCase({
  id: 'filesystem.mount-flags',
  group: 'filesystem',
  requirements,
  description:
    'mounts tmpfs file systems with the generic flags of the options table, set and then cleared, remounts two, and reads each flag back from mountinfo',
  build(config) {
    addTableMounts(config, flagsTable);
    config.probe('report');
  },
  run: (ctx) => runTables(ctx, 'filesystem.mount-flags', [flagsTable]),
});

/**
 * Options with no trace in mountinfo, or that runtimes often refuse: one container each, so one refused
 * option hides no other.
 * SPEC: the kernel shows nothing of `silent`/`loud` (log messages only) nor of `iversion`/`noiversion` (the
 * i_version counter); for those and for `defaults` (a no-op in mount(8)) the check is that the runtime took
 * them as flags: the mount was made, and the word did not reach the filesystem as data (tmpfs refuses
 * unknown data, so passing them as data fails the mount).
 */
export const acceptedTables: TableMount[][] = [
  [
    {
      entries: [tmpfs(`${base}-defaults`, ['defaults'])],
      expect: [
        show('defaults', opt('defaults'), 'options', 'rw'),
        hide('defaults', opt('defaults'), 'options', 'nosuid'),
        hide('defaults', opt('defaults'), 'superOptions', 'defaults'),
      ],
    },
  ],
  ...(['iversion', 'noiversion', 'silent', 'loud'] as const).map((o) => [
    { entries: [tmpfs(`${base}-${o}`, [o])], expect: [hide(o, opt(o), 'superOptions', o)] },
  ]),
  [
    {
      entries: [tmpfs(`${base}-nosymfollow`, ['nosymfollow'])],
      expect: [show('nosymfollow', opt('nosymfollow'), 'options', 'nosymfollow')],
    },
  ],
  [
    {
      entries: [tmpfs(`${base}-symfollow`, ['nosymfollow', 'symfollow'])],
      expect: [hide('symfollow', opt('symfollow'), 'options', 'nosymfollow')],
    },
  ],
];

const acceptedRequirements = [...new Set(acceptedTables.flatMap(tableRequirements))];

export const filesystemMountFlagsAccepted = defineCase({
  id: 'filesystem.mount-flags-accepted',
  group: 'filesystem',
  requirements: acceptedRequirements,
  timeoutMs: 60_000,
  description:
    'mounts a tmpfs with defaults, iversion, noiversion, silent, loud, nosymfollow and symfollow, one container each, and checks each was taken as a flag',
  build(config) {
    addTableMounts(config, acceptedTables[0]!);
    config.probe('report');
  },
  run: (ctx) => runTables(ctx, 'filesystem.mount-flags-accepted', acceptedTables),
});
