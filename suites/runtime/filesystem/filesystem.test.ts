// Unit tests of the filesystem area checks on fixture observations (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import type { PathProbe } from '../../../harness/probe/observation.js';
import { caseConfig, fixtureObservation, mountEntry, testEnv } from '../area-kit.fixtures.js';
import {
  bindContent,
  bindDestination,
  bindSource,
  checkBindMount,
  filesystemBindMount,
} from './bind-mount.js';
import { checkMountsOrder, filesystemMountsOrder, inner, outer } from './mounts-order.js';
import { checkReadonly, filesystemReadonlyPaths, filesystemRootReadonly, readonlyDir } from './readonly.js';
import { caseMount, checkMountOptions, normaliseOption } from './mount-options.js';
import { checkMaskedPaths, maskedDir, maskedFile } from './masked-paths.js';
import type { RunHostFacts } from '../../../harness/runtime/host.js';
import { fixtureHost } from '../../../harness/runtime/host.fixtures.js';
import {
  checkIdmapMappings,
  filesystemIdmapMappings,
  hostOwner,
  idmapDir,
  mappedOwner,
  overflowId,
  probePaths,
  ridmapDir,
  unmappedHostOwner,
} from './idmap-mappings.js';

const reqs = (fs: { requirements: string[] }[]) => [...new Set(fs.flatMap((f) => f.requirements))].sort();

const dirProbe = (path: string, mode: number, entries = 0): PathProbe => ({
  path,
  exists: true,
  type: 'dir',
  mode,
  uid: 0,
  gid: 0,
  size: 40,
  read: { ok: true, errno: 0, error: null, entries },
  write: { ok: true, errno: 0, error: null },
});

describe('filesystem.mount-options', () => {
  it('normalises sizes and modes', () => {
    expect(normaliseOption('size', '1m')).toBe(normaliseOption('size', '1024k'));
    expect(normaliseOption('mode', '1770')).toBe(normaliseOption('mode', '01770'));
  });

  it('passes on what runc shows for the configured tmpfs', () => {
    const o = fixtureObservation((o) => {
      o.mounts!.push(
        mountEntry({
          mountPoint: caseMount.destination,
          options: ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'],
          superOptions: ['rw', 'size=1024k', 'mode=1770'],
        }),
      );
      o.paths.push(dirProbe(caseMount.destination, 0o1770));
    });
    expect(checkMountOptions(o, caseMount)).toEqual([]);
  });

  it('flags missing flags, data options and mode separately', () => {
    const o = fixtureObservation((o) => {
      o.mounts!.push(
        mountEntry({ mountPoint: caseMount.destination, options: ['rw', 'relatime'], superOptions: ['rw'] }),
      );
      o.paths.push(dirProbe(caseMount.destination, 0o755));
    });
    const f = checkMountOptions(o, caseMount);
    expect(reqs(f)).toEqual([
      'config.mounts.option.nodev',
      'config.mounts.option.noexec',
      'config.mounts.option.nosuid',
      'config.mounts.unknown-options-as-data',
    ]);
    expect(f.filter((x) => x.requirements.includes('config.mounts.unknown-options-as-data'))).toHaveLength(3);
  });

  it('judges the visible (last) mount and reports a missing mount', () => {
    const o = fixtureObservation((o) => {
      o.mounts!.push(
        mountEntry({
          mountPoint: caseMount.destination,
          options: ['rw', 'nosuid', 'nodev', 'noexec'],
          superOptions: ['rw', 'size=1024k', 'mode=1770'],
        }),
        mountEntry({
          mountPoint: caseMount.destination,
          fstype: 'ext4',
          options: ['rw'],
          superOptions: ['rw'],
        }),
      );
    });
    expect(reqs(checkMountOptions(o, caseMount))).toContain('config.mounts.type-linux');
    expect(reqs(checkMountOptions(fixtureObservation(), caseMount))).toEqual([
      'config.mounts.type-linux',
      'runtime.create.apply-non-process-props',
    ]);
  });
});

describe('filesystem.masked-paths', () => {
  const fileProbe = (bytes: number, ok = true): PathProbe => ({
    path: maskedFile,
    exists: true,
    type: 'char',
    mode: 0o666,
    uid: 0,
    gid: 0,
    size: 0,
    read: ok ? { ok, errno: 0, error: null, bytes, head: '' } : { ok, errno: 13, error: 'EACCES' },
    write: { ok: true, errno: 0, error: null },
  });

  it('passes when the file reads empty or fails and the directory lists nothing', () => {
    const o = fixtureObservation((o) => o.paths.push(fileProbe(0), dirProbe(maskedDir, 0o755, 0)));
    expect(checkMaskedPaths(o, [maskedFile, maskedDir])).toEqual([]);
    const denied = fixtureObservation((o) =>
      o.paths.push(fileProbe(0, false), { path: maskedDir, exists: false, errno: 2, error: 'ENOENT' }),
    );
    expect(checkMaskedPaths(denied, [maskedFile, maskedDir])).toEqual([]);
  });

  it('flags a file that still reads its content and a directory that still lists entries', () => {
    const o = fixtureObservation((o) => o.paths.push(fileProbe(44), dirProbe(maskedDir, 0o755, 1)));
    const f = checkMaskedPaths(o, [maskedFile, maskedDir]);
    expect(f.map((x) => x.location)).toEqual([
      { kind: 'observation', field: `paths[${maskedFile}].read` },
      { kind: 'observation', field: `paths[${maskedDir}].read` },
    ]);
    expect(reqs(f)).toEqual(['config-linux.maskedPaths.applied']);
  });
});

describe('filesystem.readonly-paths and root-readonly', () => {
  const probe = (path: string, writeOk: boolean, readOk = true): PathProbe => ({
    path,
    exists: true,
    type: 'dir',
    mode: 0o755,
    uid: 0,
    gid: 0,
    size: 40,
    read: readOk
      ? { ok: true, errno: 0, error: null, entries: 1 }
      : { ok: false, errno: 13, error: 'EACCES' },
    write: writeOk ? { ok: true, errno: 0, error: null } : { ok: false, errno: 30, error: 'EROFS' },
  });

  it('builds both configs', () => {
    expect(caseConfig(filesystemReadonlyPaths).linux?.readonlyPaths).toContain(readonlyDir);
    expect(caseConfig(filesystemRootReadonly).root?.readonly).toBe(true);
  });

  it('passes when writes are refused and reads work', () => {
    const o = fixtureObservation((o) => o.paths.push(probe(readonlyDir, false), probe('/', false)));
    expect(checkReadonly(o, [readonlyDir], 'r', 'config-linux.readonlyPaths.applied')).toEqual([]);
    expect(checkReadonly(o, ['/'], 'r', 'config.root.readonly')).toEqual([]);
  });

  it('flags a writable path, an unreadable one and a missing one', () => {
    const o = fixtureObservation((o) => o.paths.push(probe(readonlyDir, true), probe('/', false, false)));
    expect(
      checkReadonly(o, [readonlyDir], 'r', 'config-linux.readonlyPaths.applied').map((f) => f.location),
    ).toEqual([{ kind: 'observation', field: `paths[${readonlyDir}].write` }]);
    expect(checkReadonly(o, ['/'], 'r', 'config.root.readonly').map((f) => f.location)).toEqual([
      { kind: 'observation', field: 'paths[/].read' },
    ]);
    expect(checkReadonly(fixtureObservation(), ['/x'], 'r', 'config.root.readonly')).toHaveLength(1);
  });
});

describe('filesystem.mounts-order', () => {
  const innerProbe = (exists: boolean): PathProbe =>
    exists
      ? {
          path: inner,
          exists: true,
          type: 'dir',
          mode: 0o1777,
          uid: 0,
          gid: 0,
          size: 40,
          read: { ok: true, errno: 0, error: null, entries: 0 },
          write: { ok: true, errno: 0, error: null },
        }
      : { path: inner, exists: false, errno: 2, error: 'ENOENT' };

  it('lists outer before inner', () => {
    const c = caseConfig(filesystemMountsOrder);
    const dests = (c.mounts ?? []).map((m) => m.destination);
    expect(dests.indexOf(outer)).toBeLessThan(dests.indexOf(inner));
  });

  it('passes when the inner mount sits on the outer one', () => {
    const o = fixtureObservation((o) => {
      o.mounts!.push(
        mountEntry({ id: 500, mountPoint: outer }),
        mountEntry({ id: 501, parent: 500, mountPoint: inner }),
      );
      o.paths.push(innerProbe(true));
    });
    expect(checkMountsOrder(o)).toEqual([]);
  });

  it('flags mounts made in reverse order (inner covered) and missing mounts', () => {
    const o = fixtureObservation((o) => {
      o.mounts!.push(
        mountEntry({ id: 601, parent: 1, mountPoint: inner }),
        mountEntry({ id: 600, parent: 1, mountPoint: outer }),
      );
      o.paths.push(innerProbe(false));
    });
    expect(checkMountsOrder(o).map((f) => f.location)).toEqual([
      { kind: 'observation', field: `mounts[${inner}].parent` },
      { kind: 'observation', field: `paths[${inner}]` },
    ]);
    expect(checkMountsOrder(fixtureObservation())).toHaveLength(1);
  });
});

describe('filesystem.bind-mount', () => {
  const path = `${bindDestination}/file`;
  const file = (head: string, writeOk: boolean): PathProbe => ({
    path,
    exists: true,
    type: 'file',
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: head.length,
    read: { ok: true, errno: 0, error: null, bytes: head.length, head },
    write: writeOk ? { ok: true, errno: 0, error: null } : { ok: false, errno: 30, error: 'EROFS' },
  });

  it('configures a type none mount with a bundle-relative source', () => {
    const m = caseConfig(filesystemBindMount).mounts?.find((x) => x.destination === bindDestination);
    expect(m).toEqual({
      destination: bindDestination,
      type: 'none',
      source: bindSource,
      options: ['rbind', 'ro'],
    });
  });

  it('passes on the bundle content, read-only', () => {
    expect(checkBindMount(fixtureObservation((o) => o.paths.push(file(bindContent, false))))).toEqual([]);
  });

  it('flags other content, a missing file and a writable mount', () => {
    const reqsOf = (o: ReturnType<typeof fixtureObservation>) => checkBindMount(o).map((f) => f.requirements);
    expect(reqsOf(fixtureObservation((o) => o.paths.push(file('', false))))).toEqual([
      ['config.mounts.bind-by-option', 'config.mounts.bind-source-relative-to-bundle'],
    ]);
    expect(
      reqsOf(fixtureObservation((o) => o.paths.push({ path, exists: false, errno: 2, error: 'ENOENT' }))),
    ).toHaveLength(1);
    expect(reqsOf(fixtureObservation((o) => o.paths.push(file(bindContent, true))))).toEqual([
      ['config.mounts.option.ro'],
    ]);
  });
});

describe('filesystem.idmap-mappings', () => {
  it("skips with the reason where the bundle's file system has no idmapped mounts (tmpfs before 6.3, 9p)", () => {
    const host = (workFs: string, kernel: string): RunHostFacts => fixtureHost({ kernel, workFs });
    expect(filesystemIdmapMappings.needs?.(host('ext4', '6.1.0-57-amd64'), testEnv)).toBeNull();
    expect(filesystemIdmapMappings.needs?.(host('tmpfs', '6.1.0-57-amd64'), testEnv)).toMatch(
      /tmpfs.*from kernel 6\.3/,
    );
    expect(filesystemIdmapMappings.needs?.(host('9p', '6.12.0'), testEnv)).toMatch(
      /9p, which has no idmapped mounts/,
    );
  });

  const file = (path: string, o: { uid: number; gid: number }): PathProbe => ({
    path,
    exists: true,
    type: 'file',
    mode: 0o644,
    uid: o.uid,
    gid: o.gid,
    size: 12,
    read: { ok: true, errno: 0, error: null },
    write: { ok: true, errno: 0, error: null },
  });
  const overflow = { uid: overflowId, gid: overflowId };
  const seen = (
    owners: Partial<Record<keyof typeof probePaths, { uid: number; gid: number }>>,
    idmapped: string[] = [idmapDir, ridmapDir, `${ridmapDir}/sub`],
  ) =>
    fixtureObservation((o) => {
      const all = {
        mapped: mappedOwner,
        unmapped: overflow,
        ridmapTop: mappedOwner,
        ridmapSub: mappedOwner,
        ...owners,
      };
      o.paths = Object.entries(probePaths).map(([k, p]) => file(p, all[k as keyof typeof probePaths]));
      o.mounts = [
        ...(o.mounts ?? []),
        ...[idmapDir, ridmapDir, `${ridmapDir}/sub`].map((d) =>
          mountEntry({
            mountPoint: d,
            fstype: 'ext4',
            options: ['rw', ...(idmapped.includes(d) ? ['idmapped'] : [])],
          }),
        ),
      ];
    });
  const reqsOf = (fs: { requirements: string[] }[]) => [...new Set(fs.flatMap((f) => f.requirements))].sort();

  it('passes on both mounts mapped by their own mappings, the submount too', () => {
    expect(checkIdmapMappings(seen({}))).toEqual([]);
  });

  it('flags mounts left unmapped (a runtime ignoring idmap) as not applied', () => {
    const f = checkIdmapMappings(
      seen(
        { mapped: hostOwner, unmapped: unmappedHostOwner, ridmapTop: hostOwner, ridmapSub: hostOwner },
        [],
      ),
    );
    expect(reqsOf(f)).toEqual(['config.mounts.idmap.apply', 'config.mounts.ridmap.recursive']);
  });

  it('flags another mapping (crun 1.8.1 reverses hostID and containerID) and a wider one', () => {
    expect(
      reqsOf(checkIdmapMappings(seen({ mapped: overflow, ridmapTop: overflow, ridmapSub: overflow }))),
    ).toEqual([
      'config.mounts.idmap.apply',
      'config.mounts.idmap.use-mount-mappings',
      'config.mounts.ridmap.recursive',
    ]);
    expect(reqsOf(checkIdmapMappings(seen({ unmapped: unmappedHostOwner })))).toEqual([
      'config.mounts.idmap.use-mount-mappings',
    ]);
  });

  it('flags a ridmap rbind whose submount is missing or not mapped', () => {
    expect(reqsOf(checkIdmapMappings(seen({ ridmapSub: hostOwner }, [idmapDir, ridmapDir])))).toEqual([
      'config.mounts.ridmap.recursive',
    ]);
  });
});
