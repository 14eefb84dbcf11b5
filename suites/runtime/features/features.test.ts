// Unit tests of the features checks on fixture documents (requirement ids, not text).
import { describe, expect, it } from 'vitest';
import { checkFeaturesDocument } from './document.js';
import { listedIn, operatorSyscall, quietSyscalls, seccompProfileFor, withNamespaces } from './recognized.js';
import { promisedVersions } from './versions.js';
import { ConfigBuilder } from '../../../harness/runtime/config-builder.js';

const good = {
  ociVersionMin: '1.0.0',
  ociVersionMax: '1.1.0',
  hooks: ['prestart'],
  linux: {
    namespaces: ['pid', 'user'],
    seccomp: {
      enabled: true,
      actions: ['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', 'SCMP_ACT_NOTIFY', 'SCMP_ACT_LOG'],
      operators: ['SCMP_CMP_EQ', 'SCMP_CMP_MASKED_EQ'],
      archs: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_MIPS'],
    },
  },
  annotations: { 'org.example.x': 'y' },
};
const reqs = (fs: { requirements: string[] }[]) => fs.flatMap((f) => f.requirements).sort();

describe('features.document', () => {
  const check = (doc: unknown, spec = '1.3.0') =>
    checkFeaturesDocument({ exitCode: 0, stdout: JSON.stringify(doc) }, spec).findings;

  it('passes a valid document', () => {
    expect(check(good)).toEqual([]);
  });
  it('flags missing min/max, max below min, unknown properties and a bad annotations map', () => {
    expect(reqs(check({ ociVersionMax: '1.1.0' }))).toContain('features.ociVersionMin');
    expect(reqs(check({ ...good, ociVersionMin: '1.2.0' }))).toContain('features.ociVersionMax-ge-min');
    expect(reqs(check({ ...good, bogus: 1 }))).toContain('features.no-unknown-properties');
    expect(reqs(check({ ...good, annotations: { '': 'x', k: 1 } }))).toContain('features.annotations-map');
  });
  it('a missing command is a MAY-level finding from 1.1.0, nothing before; garbage is a finding', () => {
    const missing = checkFeaturesDocument({ exitCode: 1, stdout: '' }, '1.3.0');
    expect(reqs(missing.findings)).toEqual(['features.provided']);
    expect(missing.findings[0]!.level).toBe('may');
    const old = checkFeaturesDocument({ exitCode: 1, stdout: '' }, '1.0.2');
    expect(old.findings).toEqual([]);
    expect(old.note).toContain('1.1.0');
    expect(checkFeaturesDocument({ exitCode: 0, stdout: 'nope' }, '1.3.0').findings).toHaveLength(1);
  });
});

describe('features.*-recognized', () => {
  it('reads lists and promised versions', () => {
    expect(listedIn(good, 'namespaces')).toEqual(['pid', 'user']);
    expect(listedIn(good, 'capabilities')).toBeUndefined();
    expect(promisedVersions(good)).toEqual({ min: '1.0.0', max: '1.1.0' });
    expect(promisedVersions(null)).toEqual({});
  });

  it('puts every action but NOTIFY on its own quiet syscall, every operator on one, the host family of archs', () => {
    const { profile, left } = seccompProfileFor(good, 'x64');
    const rules = profile.syscalls as {
      names: string[];
      action: string;
      args?: { op: string; valueTwo?: number }[];
    }[];
    expect(rules.filter((r) => !r.args).map((r) => r.action)).toEqual([
      'SCMP_ACT_ALLOW',
      'SCMP_ACT_ERRNO',
      'SCMP_ACT_LOG',
    ]);
    expect(new Set(rules.filter((r) => !r.args).map((r) => r.names[0])).size).toBe(3);
    for (const r of rules.filter((r) => !r.args)) expect(quietSyscalls).toContain(r.names[0]);
    const ops = rules.filter((r) => r.args);
    expect(ops.map((r) => r.args![0]!.op)).toEqual(['SCMP_CMP_EQ', 'SCMP_CMP_MASKED_EQ']);
    expect(ops.every((r) => r.names[0] === operatorSyscall)).toBe(true);
    expect(ops[1]!.args![0]!.valueTwo).toBeDefined();
    expect(profile.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86']);
    expect(left.join(' ')).toContain('SCMP_ACT_NOTIFY');
    expect(left.join(' ')).toContain('SCMP_ARCH_MIPS');
  });

  it('a user namespace comes with identity mappings', () => {
    const c = new ConfigBuilder();
    withNamespaces(c, ['user', 'cgroup']);
    const cfg = c.build();
    expect(cfg.linux?.namespaces?.map((n) => n.type)).toEqual(expect.arrayContaining(['user', 'cgroup']));
    expect(c.get('/linux/uidMappings')).toEqual([{ containerID: 0, hostID: 0, size: 4294967295 }]);
  });
});
