// Unit tests of the namespace check on fixture observations (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import { ConfigBuilder } from '../../../harness/runtime/config-builder.js';
import { caseConfig, fixtureObservation } from '../area-kit.fixtures.js';
import {
  caseDomainname,
  caseHostname,
  caseSysctls,
  checkSysctls,
  checkUtsNames,
  namespacesDomainname,
  namespacesHostname,
  namespacesSysctl,
} from './uts-sysctl.js';
import { checkNamespaces, hostNamespaceInodes, namespacesNewVsInherited } from './new-vs-inherited.js';
import { checkJoined, namespacesDuplicate } from './by-path.js';
import {
  caseGidMappings,
  caseUidMappings,
  checkCgroupView,
  checkIdMappings,
  checkNoChown,
  namespacesCgroupView,
  namespacesUserMappings,
  parseIdMap,
} from './user-cgroup.js';

const config = caseConfig(namespacesNewVsInherited);

// The fixture observation's inodes: new pid/net/mnt/uts/ipc, host cgroup/user/time.
const host = {
  pid: 1,
  net: 2,
  mnt: 3,
  uts: 4,
  ipc: 4026532300,
  cgroup: 4026531835,
  user: 4026531837,
  time: 4026531834,
};

describe('namespaces.new-vs-inherited', () => {
  it('passes when listed types are new and unlisted ones inherited', () => {
    expect(checkNamespaces(fixtureObservation(), config, host)).toEqual([]);
  });

  it('flags a listed type that was not created', () => {
    const o = fixtureObservation((o) => (o.namespaces.uts = { link: 'uts:[4]', inode: 4, dev: 4 }));
    const f = checkNamespaces(o, config, host);
    expect(f.map((x) => x.requirements)).toEqual([
      ['config-linux.namespaces.new-when-no-path', 'config-linux.namespaces.uts'],
    ]);
    expect(f[0]!.location).toEqual({ kind: 'observation', field: 'namespaces.uts' });
  });

  it('flags an unlisted type that was created anyway', () => {
    const f = checkNamespaces(fixtureObservation(), config, { ...host, ipc: 99 });
    expect(f.map((x) => x.requirements)).toEqual([['config-linux.namespaces.inherit-when-absent']]);
  });

  it('skips types with a path and types the host lacks', () => {
    const b = new ConfigBuilder(config).namespace('uts', '/proc/1/ns/uts');
    const o = fixtureObservation((o) => (o.namespaces.uts = { link: 'uts:[4]', inode: 4, dev: 4 }));
    expect(checkNamespaces(o, b.build(), host)).toEqual([]);
    const { uts: _uts, ...noUts } = host;
    expect(checkNamespaces(o, config, noUts)).toEqual([]);
  });

  it('reads the host inodes of this process', async () => {
    const h = await hostNamespaceInodes();
    expect(h.uts).toBeGreaterThan(0);
    expect(h.mnt).toBeGreaterThan(0);
  });
});

describe('namespaces.hostname, domainname and sysctl', () => {
  it('builds the configs (domainname declares ociVersion 1.1.0)', () => {
    expect(caseConfig(namespacesHostname).hostname).toBe(caseHostname);
    const d = caseConfig(namespacesDomainname);
    expect([d.ociVersion, d.domainname]).toEqual(['1.1.0', caseDomainname]);
    expect(namespacesDomainname.since).toBe('1.1.0');
    expect(caseConfig(namespacesSysctl).process?.args).toEqual([
      '/probe',
      'report',
      ...Object.keys(caseSysctls).flatMap((k) => ['--sysctl', k]),
    ]);
  });

  it('checks hostname and domainname', () => {
    const config = { ...caseConfig(namespacesDomainname), hostname: caseHostname };
    const good = fixtureObservation((o) => {
      o.hostname = caseHostname;
      o.domainname = caseDomainname;
    });
    expect(checkUtsNames(good, config)).toEqual([]);
    const bad = fixtureObservation((o) => {
      o.hostname = 'vm';
      o.domainname = '(none)';
    });
    expect(checkUtsNames(bad, config).map((f) => f.requirements)).toEqual([
      ['config.hostname'],
      ['config.domainname'],
    ]);
  });

  it('checks sysctl values, trimmed', () => {
    const config = caseConfig(namespacesSysctl);
    const sys = (v: string | null) =>
      v === null
        ? { value: null, ok: false, errno: 2, error: 'ENOENT' }
        : { value: v, ok: true, errno: 0, error: null };
    const good = fixtureObservation((o) => {
      o.sysctls = { 'kernel.shm_rmid_forced': sys('1'), 'net.ipv4.ip_forward': sys('1') };
    });
    expect(checkSysctls(good, config)).toEqual([]);
    const bad = fixtureObservation((o) => {
      o.sysctls = { 'kernel.shm_rmid_forced': sys('0'), 'net.ipv4.ip_forward': sys(null) };
    });
    expect(checkSysctls(bad, config).map((f) => f.location)).toEqual([
      { kind: 'observation', field: 'sysctls.kernel.shm_rmid_forced' },
      { kind: 'observation', field: 'sysctls.net.ipv4.ip_forward' },
    ]);
  });
});

describe('namespaces.path-join, path-wrong-type and duplicate-error', () => {
  const made = {
    uts: { path: '/x/ns-uts', inode: 4026532299 },
    ipc: { path: '/x/ns-ipc', inode: 4026532300 },
  };

  it('passes when the container is in the namespaces behind the paths', () => {
    expect(checkJoined(fixtureObservation(), made)).toEqual([]);
  });

  it('flags each type whose inode is not the file one', () => {
    const o = fixtureObservation((o) => (o.namespaces.ipc = { link: 'ipc:[7]', inode: 7, dev: 4 }));
    const f = checkJoined(o, made);
    expect(f.map((x) => [x.requirements, x.location])).toEqual([
      [['config-linux.namespaces.path-join'], { kind: 'observation', field: 'namespaces.ipc' }],
    ]);
  });

  it('lists pid twice in the duplicate case', () => {
    const types = caseConfig(namespacesDuplicate).linux!.namespaces!.map((n) => n.type);
    expect(types.filter((t) => t === 'pid')).toHaveLength(2);
  });
});

describe('namespaces.user-mappings and cgroup-view', () => {
  const config = caseConfig(namespacesUserMappings);
  const mapText = (ms: { containerID: number; hostID: number; size: number }[]) =>
    ms
      .map(
        (m) =>
          `${String(m.containerID).padStart(10)} ${String(m.hostID).padStart(10)} ${String(m.size).padStart(10)}\n`,
      )
      .join('');

  it('parses uid_map text', () => {
    expect(parseIdMap('         0     100000      65536\n')).toEqual([
      { containerID: 0, hostID: 100000, size: 65536 },
    ]);
  });

  it('passes when uid_map and gid_map hold the mappings, in any order', () => {
    const o = fixtureObservation((o) => {
      o.uidMap = mapText(caseUidMappings);
      o.gidMap = mapText([...caseGidMappings].reverse());
    });
    expect(checkIdMappings(o, config)).toEqual([]);
  });

  it('flags an identity map and a missing range', () => {
    const o = fixtureObservation((o) => {
      o.gidMap = mapText(caseGidMappings.slice(0, 1));
    });
    expect(checkIdMappings(o, config).map((f) => [f.requirements, f.location])).toEqual([
      [['config-linux.idmappings.applied'], { kind: 'observation', field: 'uidMap' }],
      [['config-linux.idmappings.applied'], { kind: 'observation', field: 'gidMap' }],
    ]);
  });

  it('flags a user namespace that is the runtime one against user support', () => {
    const f = checkNamespaces(fixtureObservation(), config, { user: 4026531837 }, 'namespaces.user-mappings');
    expect(f.map((x) => x.requirements)).toEqual([
      ['config-linux.namespaces.new-when-no-path', 'config-linux.namespaces.user'],
    ]);
    expect(f[0]!.rule).toBe('namespaces.user-mappings');
  });

  it('checks that every cgroup line is at the namespace root', () => {
    const cg = caseConfig(namespacesCgroupView);
    expect(cg.linux!.namespaces!.map((n) => n.type)).toContain('cgroup');
    const good = fixtureObservation((o) => (o.cgroups = [{ hierarchy: 0, controllers: [], path: '/' }]));
    expect(checkCgroupView(good)).toEqual([]);
    const bad = fixtureObservation((o) => {
      o.cgroups = [
        { hierarchy: 0, controllers: [], path: '/' },
        { hierarchy: 4, controllers: ['memory'], path: '/oci-conform-x/c1' },
      ];
    });
    expect(checkCgroupView(bad).map((f) => [f.requirements, f.location])).toEqual([
      [['config-linux.namespaces.cgroup'], { kind: 'observation', field: 'cgroups.4' }],
    ]);
    expect(checkCgroupView(fixtureObservation((o) => (o.cgroups = null)))).toHaveLength(1);
  });

  it('flags a rootfs chowned on the host', () => {
    expect(checkNoChown({ uid: 0, gid: 0 }, { uid: 0, gid: 0 })).toEqual([]);
    expect(checkNoChown({ uid: 0, gid: 0 }, { uid: 100000, gid: 200000 }).map((f) => f.requirements)).toEqual(
      [['config-linux.idmappings.no-chown']],
    );
  });
});
