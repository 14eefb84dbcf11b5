// Unit tests of the mount-table checks and the new filesystem cases' tables on fixture observations.
import { describe, expect, it } from 'vitest';
import type { MountEntry } from '../../../harness/probe/observation.js';
import { fixtureObservation, mountEntry } from '../area-kit.fixtures.js';
import { acceptedTables, flagsTable } from './mount-flags.js';
import { bindPropagationTable, privateTable, recursiveTables } from './mount-tree.js';
import { checkMountTable, count, hide, show, tableRequirements, type TableMount } from './mount-table.js';
import {
  checkDefaultFilesystems,
  checkRelativeDestination,
  checkRootWritable,
  defaultFilesystems,
  relativeDestination,
  rootfsPropagationTables,
} from './root.js';

const reqs = (fs: { requirements: string[] }[]) => [...new Set(fs.flatMap((f) => f.requirements))].sort();
const obsWith = (mounts: MountEntry[]) => fixtureObservation((o) => o.mounts!.push(...mounts));

describe('checkMountTable', () => {
  const table: TableMount[] = [
    {
      entries: [{ destination: '/mnt/a', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'shared'] }],
      expect: [
        show('nosuid', 'config.mounts.option.nosuid', 'options', 'nosuid'),
        hide('suid', 'config.mounts.option.suid', 'superOptions', 'sync'),
        show('shared', 'config.mounts.option.shared', 'propagation', 'shared:'),
        count('remount', 'config.mounts.option.remount', 1),
        count('rbind', 'config.mounts.option.rbind', 1, '/mnt/a/sub'),
      ],
    },
  ];

  it('passes when every word and count is as expected', () => {
    const o = obsWith([
      mountEntry({ mountPoint: '/mnt/a', options: ['rw', 'nosuid'], propagation: ['shared:7'] }),
      mountEntry({ mountPoint: '/mnt/a/sub' }),
    ]);
    expect(checkMountTable('t', o, table)).toEqual([]);
  });

  it('reports each option on its own requirement and key', () => {
    const o = obsWith([
      mountEntry({ mountPoint: '/mnt/a' }),
      mountEntry({
        mountPoint: '/mnt/a',
        options: ['rw'],
        superOptions: ['rw', 'sync'],
        propagation: ['master:3'],
      }),
    ]);
    const f = checkMountTable('t', o, table);
    expect(reqs(f)).toEqual([
      'config.mounts.option.nosuid',
      'config.mounts.option.rbind',
      'config.mounts.option.remount',
      'config.mounts.option.shared',
      'config.mounts.option.suid',
    ]);
    const keys = f.map((x) => (x.location as { field: string }).field);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reports a missing mount against the option checked there', () => {
    const f = checkMountTable('t', obsWith([]), table);
    expect(reqs(f)).toContain('config.mounts.option.nosuid');
  });
});

describe('the tables of the new cases', () => {
  const all = [flagsTable, ...acceptedTables, bindPropagationTable, privateTable, ...recursiveTables];

  it('keys every check uniquely within its case and names known requirements', () => {
    for (const t of [flagsTable, acceptedTables.flat(), recursiveTables.flat()]) {
      const keys = t.flatMap((m) =>
        m.expect.map((e) => `${e.option} ${'count' in e ? e.count : e.word} ${e.path ?? ''}`),
      );
      expect(new Set(keys).size).toBe(keys.length);
    }
    for (const t of all) for (const r of tableRequirements(t)) expect(r).toMatch(/^config\.mounts\.option\./);
  });

  it('flags: a tmpfs that ignored every option fails each flag it should set', () => {
    const o = obsWith(
      flagsTable.map((t) =>
        mountEntry({ mountPoint: t.entries[0]!.destination, options: ['rw', 'relatime'] }),
      ),
    );
    const f = reqs(checkMountTable('t', o, flagsTable));
    for (const r of [
      'ro',
      'nosuid',
      'nodev',
      'noexec',
      'sync',
      'dirsync',
      'noatime',
      'strictatime',
      'norelatime',
    ])
      expect(f).toContain(`config.mounts.option.${r}`);
    // The clearing options pass on a mount without the flags.
    expect(f).not.toContain('config.mounts.option.rw');
    expect(f).not.toContain('config.mounts.option.suid');
  });

  it('flags: what runc 1.1.5 shows passes', () => {
    const dest = (i: number) => flagsTable[i]!.entries[0]!.destination;
    const o = obsWith([
      mountEntry({
        mountPoint: dest(0),
        options: ['ro', 'nosuid', 'nodev', 'noexec', 'noatime', 'nodiratime'],
        superOptions: ['ro', 'sync', 'dirsync', 'mand', 'lazytime', 'size=1024k'],
      }),
      mountEntry({ mountPoint: dest(1), options: ['rw', 'relatime'], superOptions: ['rw', 'dirsync'] }),
      mountEntry({ mountPoint: dest(2), options: ['rw'] }),
      mountEntry({ mountPoint: dest(3), options: ['rw', 'relatime'] }),
      mountEntry({ mountPoint: dest(4), options: ['rw', 'relatime'] }),
      mountEntry({ mountPoint: dest(5), options: ['ro', 'noatime'] }),
    ]);
    expect(checkMountTable('t', o, flagsTable)).toEqual([]);
  });

  it('recursive attributes are judged on the submount, not the bind', () => {
    const t = recursiveTables[0]!;
    const o = obsWith([
      mountEntry({
        mountPoint: t[0]!.entries[0]!.destination,
        options: ['ro', 'nosuid', 'noexec', 'nosymfollow'],
      }),
      mountEntry({ mountPoint: `${t[0]!.entries[0]!.destination}/sub`, options: ['rw', 'relatime'] }),
    ]);
    expect(reqs(checkMountTable('t', o, [t[0]!]))).toEqual([
      'config.mounts.option.rnoexec',
      'config.mounts.option.rnosuid',
      'config.mounts.option.rnosymfollow',
      'config.mounts.option.rro',
    ]);
  });
});

describe('root and default filesystems', () => {
  it('default filesystems: a missing or mistyped mount fails its own requirement', () => {
    const ok = obsWith(defaultFilesystems.map((d) => mountEntry({ mountPoint: d.path, fstype: d.fstype })));
    expect(checkDefaultFilesystems(ok)).toEqual([]);
    const bad = obsWith([
      mountEntry({ mountPoint: '/proc', fstype: 'proc' }),
      mountEntry({ mountPoint: '/sys', fstype: 'tmpfs' }),
    ]);
    expect(reqs(checkDefaultFilesystems(bad))).toEqual([
      'config-linux.default-fs.dev-pts',
      'config-linux.default-fs.dev-shm',
      'config-linux.default-fs.sys',
    ]);
  });

  it('relative destination: found at /<destination> only', () => {
    expect(
      checkRelativeDestination(obsWith([mountEntry({ mountPoint: `/${relativeDestination}` })])),
    ).toEqual([]);
    expect(
      reqs(
        checkRelativeDestination(obsWith([mountEntry({ mountPoint: `/oci-moved/${relativeDestination}` })])),
      ),
    ).toEqual(['config.mounts.destination-linux-relative-from-root']);
  });

  it('root defaults: a root that refuses writes fails readonly-default', () => {
    const o = fixtureObservation((o) =>
      o.paths.push({
        path: '/',
        exists: true,
        type: 'dir',
        mode: 0o755,
        uid: 0,
        gid: 0,
        size: 4096,
        read: { ok: true, errno: 0, error: null, entries: 3 },
        write: { ok: false, errno: 30, error: 'EROFS' },
      }),
    );
    expect(reqs(checkRootWritable(o))).toEqual(['config.root.readonly-default']);
  });

  it('rootfsPropagation: each value is judged on / alone', () => {
    const root = (propagation: string[]) => obsWith([mountEntry({ mountPoint: '/', propagation })]);
    const judge = (value: string, propagation: string[]) =>
      checkMountTable('t', root(propagation), rootfsPropagationTables.find((t) => t.value === value)!.table);
    expect(judge('shared', ['shared:1'])).toEqual([]);
    expect(reqs(judge('shared', []))).toEqual(['config-linux.rootfsPropagation.shared']);
    expect(judge('slave', ['master:1'])).toEqual([]);
    expect(reqs(judge('private', ['master:1']))).toEqual(['config-linux.rootfsPropagation.private']);
    expect(judge('unbindable', ['unbindable'])).toEqual([]);
  });
});
