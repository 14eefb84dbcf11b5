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
