// filesystem.mount-bind-propagation and filesystem.mount-recursive-attrs: bind versus rbind of a bundle
// directory holding a host mount, the propagation options, and the recursive `r*` attribute options
// (mount_setattr(AT_RECURSIVE)), read back from mountinfo on the bind and on its submount.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import type { Bundle, CaseContext } from '../../../harness/runtime/case.js';
import type { MountEntry as ConfigMount } from '../../../harness/runtime/config-builder.js';
import { runCommand } from '../../../harness/runtime/driver.js';
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

/** Bundle directories (relative sources) whose `sub` is a host tmpfs: plain, and with every flag set. */
export const plainTree = 'oci-tree';
export const flaggedTree = 'oci-tree-flagged';
/** Flags of the flagged tree's submount, which the clearing `r*` options must clear on the copy. */
export const flaggedOptions = 'ro,nosuid,nodev,noexec,noatime,nodiratime,nosymfollow';

const bind = (destination: string, source: string, options: string[]): ConfigMount => ({
  destination,
  type: 'none',
  source,
  options,
});
const tmpfs = (destination: string, options: string[]): ConfigMount => ({
  destination,
  type: 'tmpfs',
  source: 'tmpfs',
  options: [...options, 'size=1m'],
});

/**
 * Makes the two trees in the bundle: each a directory with a file and a `sub` directory on which the host
 * mounts a small tmpfs (unmounted again at teardown). A bind of the tree copies `sub` only when recursive.
 */
export async function prepareTrees(ctx: CaseContext, bundle: Bundle): Promise<void> {
  for (const [tree, options] of [
    [plainTree, 'size=64k'],
    [flaggedTree, `size=64k,${flaggedOptions}`],
  ] as const) {
    const sub = join(bundle.dir, tree, 'sub');
    await mkdir(sub, { recursive: true });
    await writeFile(join(bundle.dir, tree, 'top'), 'top\n');
    const m = await runCommand('mount', ['-t', 'tmpfs', '-o', options, 'oci-conform-tree', sub], {
      timeoutMs: 10_000,
    });
    if (m.exitCode !== 0) throw new Error(`mount a tmpfs on ${sub} for the case: ${m.stderr.trim()}`);
    ctx.defer(async () => {
      await runCommand('umount', ['-l', sub], { timeoutMs: 10_000 });
    });
  }
}

const b = '/mnt/oci-bind';

/**
 * bind copies the tree without its submount, rbind with it; shared and unbindable (and their recursive
 * forms, checked on the copied submount) show in the propagation fields.
 */
export const bindPropagationTable: TableMount[] = [
  {
    entries: [bind(`${b}-bind`, plainTree, ['bind'])],
    expect: [count('bind', opt('bind'), 1), count('bind', opt('bind'), 0, `${b}-bind/sub`)],
  },
  {
    entries: [bind(`${b}-rbind`, plainTree, ['rbind'])],
    expect: [count('rbind', opt('rbind'), 1), count('rbind', opt('rbind'), 1, `${b}-rbind/sub`)],
  },
  {
    entries: [tmpfs(`${b}-shared`, ['shared'])],
    expect: [show('shared', opt('shared'), 'propagation', 'shared:')],
  },
  {
    entries: [tmpfs(`${b}-unbindable`, ['unbindable'])],
    expect: [show('unbindable', opt('unbindable'), 'propagation', 'unbindable')],
  },
  {
    entries: [bind(`${b}-rshared`, plainTree, ['rbind', 'rshared'])],
    expect: [show('rshared', opt('rshared'), 'propagation', 'shared:', `${b}-rshared/sub`)],
  },
  {
    entries: [bind(`${b}-runbindable`, plainTree, ['rbind', 'runbindable'])],
    expect: [show('runbindable', opt('runbindable'), 'propagation', 'unbindable', `${b}-runbindable/sub`)],
  },
];

/**
 * private and slave (and their recursive forms) on mounts made shared first, so ignoring them leaves
 * `shared:N`. One container for each pair: a runtime that cannot apply two propagation options in a row
 * fails only those.
 * SPEC: options apply in order, as mount(8) applies them (one mount(2) call per propagation option).
 * After `shared` then `slave` the mount is a slave or, with no peers to follow, private: either way it no
 * longer shows `shared:N`.
 */
export const privateTable: TableMount[] = [
  {
    entries: [tmpfs(`${b}-private`, ['shared', 'private'])],
    expect: [
      hide('private', opt('private'), 'propagation', 'shared:'),
      hide('private', opt('private'), 'propagation', 'master:'),
    ],
  },
  {
    entries: [bind(`${b}-rprivate`, plainTree, ['rbind', 'rshared', 'rprivate'])],
    expect: [
      hide('rprivate', opt('rprivate'), 'propagation', 'shared:', `${b}-rprivate/sub`),
      hide('rprivate', opt('rprivate'), 'propagation', 'master:', `${b}-rprivate/sub`),
    ],
  },
];
export const slaveTable: TableMount[] = [
  {
    entries: [tmpfs(`${b}-slave`, ['shared', 'slave'])],
    expect: [hide('slave', opt('slave'), 'propagation', 'shared:')],
  },
  {
    entries: [bind(`${b}-rslave`, plainTree, ['rbind', 'rshared', 'rslave'])],
    expect: [hide('rslave', opt('rslave'), 'propagation', 'shared:', `${b}-rslave/sub`)],
  },
];

const bindTables = [bindPropagationTable, privateTable, slaveTable];
const bindRequirements = [...new Set(bindTables.flatMap(tableRequirements))];

export const filesystemMountBindPropagation = defineCase({
  id: 'filesystem.mount-bind-propagation',
  group: 'filesystem',
  requirements: bindRequirements,
  description:
    'binds and rbinds a bundle directory holding a host mount and sets each propagation option (and its recursive form) on a mount, then reads mountinfo',
  build(config) {
    addTableMounts(config, bindPropagationTable);
    config.probe('report');
  },
  run: (ctx) =>
    runTables(ctx, 'filesystem.mount-bind-propagation', bindTables, (bundle) => prepareTrees(ctx, bundle)),
});

const r = '/mnt/oci-rattr';
const sub = (d: string) => `${d}/sub`;

/**
 * Each recursive option must reach the submount of the rbind, which a plain mount(2) flag on the bind
 * would not. The setting options are applied to the plain tree, the clearing ones to the flagged tree.
 * The access-time options each get a container of their own: a runtime refusing one hides no other.
 * SPEC: the table gives the r* options as the AT_RECURSIVE forms of mount(8)'s options: rnorelatime is
 * taken as norelatime (strict access times), rnostrictatime and ratime as the kernel's default, relatime.
 */
export const recursiveTables: TableMount[][] = [
  [
    {
      entries: [bind(`${r}-set`, plainTree, ['rbind', 'rro', 'rnosuid', 'rnoexec', 'rnosymfollow'])],
      expect: [
        show('rro', opt('rro'), 'options', 'ro', sub(`${r}-set`)),
        show('rnosuid', opt('rnosuid'), 'options', 'nosuid', sub(`${r}-set`)),
        show('rnoexec', opt('rnoexec'), 'options', 'noexec', sub(`${r}-set`)),
        show('rnosymfollow', opt('rnosymfollow'), 'options', 'nosymfollow', sub(`${r}-set`)),
      ],
    },
    {
      entries: [bind(`${r}-clear`, flaggedTree, ['rbind', 'rrw', 'rsuid', 'rdev', 'rexec', 'rsymfollow'])],
      expect: [
        show('rrw', opt('rrw'), 'options', 'rw', sub(`${r}-clear`)),
        hide('rsuid', opt('rsuid'), 'options', 'nosuid', sub(`${r}-clear`)),
        hide('rdev', opt('rdev'), 'options', 'nodev', sub(`${r}-clear`)),
        hide('rexec', opt('rexec'), 'options', 'noexec', sub(`${r}-clear`)),
        hide('rsymfollow', opt('rsymfollow'), 'options', 'nosymfollow', sub(`${r}-clear`)),
      ],
    },
  ],
  // Two access-time options per container, paired so that those runc 1.1 or crun 1.8 refuse share one.
  ...(
    [
      [
        ['rnodiratime', plainTree, show, 'nodiratime'],
        ['rnoatime', plainTree, show, 'noatime'],
      ],
      [
        ['rdiratime', flaggedTree, hide, 'nodiratime'],
        ['rstrictatime', flaggedTree, hide, 'noatime'],
        ['rstrictatime', flaggedTree, hide, 'relatime'],
      ],
      [
        ['ratime', flaggedTree, hide, 'noatime'],
        ['rnostrictatime', flaggedTree, show, 'relatime'],
      ],
      [
        ['rrelatime', flaggedTree, show, 'relatime'],
        ['rnorelatime', plainTree, hide, 'relatime'],
      ],
    ] as const
  ).map((rows) => {
    const names = [...new Set(rows.map((x) => x[0]))];
    return names.map((name): TableMount => {
      const dest = `${r}-${name}`;
      const mine = rows.filter((x) => x[0] === name);
      return {
        entries: [bind(dest, mine[0]![1], ['rbind', name])],
        expect: mine.map(([, , f, word]) => f(name, opt(name), 'options', word, sub(dest))),
      };
    });
  }),
];

const recursiveRequirements = [...new Set(recursiveTables.flatMap(tableRequirements))];

export const filesystemMountRecursiveAttrs = defineCase({
  id: 'filesystem.mount-recursive-attrs',
  group: 'filesystem',
  requirements: recursiveRequirements,
  description:
    'rbinds bundle directories holding a host mount with each recursive r* option and checks the option reached the submount',
  since: '1.1.0',
  timeoutMs: 60_000,
  needs(host) {
    const [maj, min] = (host.kernel ?? '').split('.').map((x) => parseInt(x, 10));
    if (maj === undefined || min === undefined || Number.isNaN(maj) || Number.isNaN(min)) return null;
    return maj > 5 || (maj === 5 && min >= 12)
      ? null
      : `needs mount_setattr (Linux 5.12), found ${host.kernel}`;
  },
  build(config) {
    addTableMounts(config, recursiveTables[0]!);
    config.set('/ociVersion', '1.1.0');
    config.probe('report');
  },
  run: (ctx) =>
    runTables(ctx, 'filesystem.mount-recursive-attrs', recursiveTables, (bundle) =>
      prepareTrees(ctx, bundle),
    ),
});
