// Gating through the built command (dist/cli, as shipped): --max-warnings, --disable and the policy file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../model/report.js';

const repo = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'oci-conform-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(join(repo, 'oci-conform'), args, { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Only hazards: a hostname without a uts namespace and an ambient capability outside inheritable.
const hazards = {
  ociVersion: '1.0.2',
  process: {
    cwd: '/',
    args: ['sh'],
    user: { uid: 0, gid: 0 },
    capabilities: {
      ambient: ['CAP_KILL'],
      bounding: ['CAP_KILL'],
      permitted: ['CAP_KILL'],
      effective: ['CAP_KILL'],
    },
  },
  root: { path: 'rootfs' },
  hostname: 'h',
  linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }] },
};
const file = join(dir, 'config.json');
writeFileSync(file, JSON.stringify(hazards, null, 2));

describe('validate as a gate (built CLI)', () => {
  it('warnings alone exit 0; --max-warnings 0 exits 1; a budget at the count exits 0', () => {
    const plain = cli(['validate', file]);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/0 errors, 2 warnings in 1 file/);
    expect(cli(['validate', '--max-warnings', '0', file]).code).toBe(1);
    expect(cli(['validate', '--max-warnings', '2', file]).code).toBe(0);
  });

  it('--disable suppresses by rule id or requirement glob, counted apart and kept in the JSON report', () => {
    const out = join(dir, 'r.json');
    const r = cli([
      'validate',
      '--max-warnings',
      '0',
      '--disable',
      'config.hostname-needs-uts',
      '--disable',
      'config.process.capabilities.*',
      '-r',
      'text',
      '-r',
      `json=${out}`,
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors, 0 warnings, 2 suppressed in 1 file/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.totals.findings).toMatchObject({ warning: 0, suppressed: 2 });
    expect(report.disabled).toEqual(['config.hostname-needs-uts', 'config.process.capabilities.*']);
    expect(report.cases.flatMap((c) => c.findings).every((f) => f.suppressed === true)).toBe(true);
  });

  it('reads .oci-conform.json next to the input, and says what is wrong with a bad one (exit 2)', () => {
    writeFileSync(join(dir, '.oci-conform.json'), '{"maxWarnings": 0}');
    expect(cli(['validate', file]).code).toBe(1);
    writeFileSync(join(dir, '.oci-conform.json'), '{"maxWarning": 0}');
    const bad = cli(['validate', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected only the keys .* but found "maxWarning"/);
    rmSync(join(dir, '.oci-conform.json'));
  });

  it('the text tag keeps the finding class apart from the cited requirement level', () => {
    const r = cli(['validate', file]);
    expect(r.out).toMatch(
      /warning: hostname is set .* \[config\.hostname-needs-uts, hazard; requirement config\.hostname \(\w+\), https:\/\//,
    );
  });
});
