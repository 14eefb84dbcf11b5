// The policy file: found next to the input (or --config), checked strictly, merged with the flags.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPolicyFile, parsePolicyFile, POLICY_FILE, PolicyFileError } from './config-file.js';
import { parseCommon, UsageError } from './common.js';

const dir = mkdtempSync(join(tmpdir(), 'oci-conform-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsePolicyFile', () => {
  it('reads disable, maxWarnings and level', () => {
    expect(parsePolicyFile('{"disable":["a.*"],"maxWarnings":3,"level":"should"}', 'p')).toEqual({
      path: 'p',
      disable: ['a.*'],
      maxWarnings: 3,
      level: 'should',
    });
  });
  it.each([
    ['[]', /expected a JSON object but found an array/],
    ['{"disabled":[]}', /expected only the keys .* but found "disabled"/],
    ['{"disable":"a"}', /"disable": expected an array/],
    ['{"maxWarnings":-1}', /"maxWarnings": expected an integer of 0 or more but found -1/],
    ['{"maxWarnings":1.5}', /"maxWarnings"/],
    ['{', /expected JSON but/],
  ])('refuses %s, saying what it expected', (text, msg) => {
    expect(() => parsePolicyFile(text, 'p')).toThrow(PolicyFileError);
    expect(() => parsePolicyFile(text, 'p')).toThrow(msg);
  });
});

describe('findPolicyFile and parseCommon', () => {
  const team = join(dir, 'team');
  mkdirSync(team);
  writeFileSync(join(team, POLICY_FILE), '{"disable":["config.hostname-needs-uts"],"maxWarnings":0}');
  writeFileSync(join(team, 'config.json'), '{}');
  writeFileSync(join(dir, 'config.json'), '{}');

  it('finds the file next to a file input or inside a directory input, not elsewhere', () => {
    expect(findPolicyFile(undefined, [join(team, 'config.json')])?.maxWarnings).toBe(0);
    expect(findPolicyFile(undefined, [team])?.disable).toEqual(['config.hostname-needs-uts']);
    expect(findPolicyFile(undefined, [join(dir, 'config.json')])).toBeUndefined();
    expect(findPolicyFile(undefined, [], team)?.path).toBe(join(team, POLICY_FILE));
  });
  it('merges flags over the file: --disable adds, --max-warnings and --level override', () => {
    const c = parseCommon({ disable: ['x.*'], 'max-warnings': '5' }, [join(team, 'config.json')]);
    expect(c.disable).toEqual(['config.hostname-needs-uts', 'x.*']);
    expect(c.maxWarnings).toBe(5);
    expect(c.policyFile).toBe(join(team, POLICY_FILE));
    expect(parseCommon({}, [join(team, 'config.json')]).maxWarnings).toBe(0);
  });
  it('turns a bad --config, --max-warnings or --disable into a usage error', () => {
    expect(() => parseCommon({ config: join(dir, 'missing.json') })).toThrow(UsageError);
    expect(() => parseCommon({ 'max-warnings': 'many' })).toThrow(
      '--max-warnings: expected an integer of 0 or more but found "many"',
    );
    expect(() => parseCommon({ disable: [''] })).toThrow(UsageError);
  });
});
