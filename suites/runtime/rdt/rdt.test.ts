// Unit tests of the rdt checks and the resctrl reader on a fake resctrl tree (schemata, tasks, mon_groups).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostFs } from '../../../harness/runtime/cgroups.js';
import { resctrlMountPoint } from '../../../harness/runtime/preflight.js';
import { parseSchemata, readResctrlGroup, resctrlGroups } from '../../../harness/runtime/resctrl.js';
import {
  checkPlaced,
  checkPresence,
  checkSchemata,
  checkUnchanged,
  expectedSchemata,
  schemaValuesFor,
} from './checks.js';

let root: string;
const fs = hostFs();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'resctrl-fixture-'));
  await writeFile(join(root, 'schemata'), '    L3:0=fff;1=fff\n    MB:0=100;1=100\n');
  await writeFile(join(root, 'tasks'), '1\n2\n');
  for (const d of ['info', 'mon_data', 'mon_groups', 'c1', 'c1/mon_groups', 'c1/mon_groups/c1'])
    await mkdir(join(root, d));
  await writeFile(join(root, 'c1', 'schemata'), 'L3:0=003;1=fff\nMB:0= 70;1=100\n');
  await writeFile(join(root, 'c1', 'tasks'), '4242\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('resctrl reader', () => {
  it('lists groups without info and the mon dirs, and reads a group', async () => {
    expect(await resctrlGroups(fs, root)).toEqual(['c1']);
    expect(await readResctrlGroup(fs, root, 'c1')).toEqual({
      schemata: ['L3:0=003;1=fff', 'MB:0= 70;1=100'],
      tasks: [4242],
      monGroups: ['c1'],
    });
    expect(await readResctrlGroup(fs, root, 'nope')).toBeUndefined();
    expect((await readResctrlGroup(fs, root, '/'))?.tasks).toEqual([1, 2]);
  });
  it('parses schemata with hex masks and decimal bandwidth', () => {
    expect(parseSchemata(['L3:0=003;1=fff', 'MB:0= 70'])).toEqual({ L3: { 0: 3, 1: 0xfff }, MB: { 0: 70 } });
  });
  it('finds the resctrl mount in mountinfo', () => {
    const mi =
      '22 1 0:21 / /sys rw - sysfs sysfs rw\n40 22 0:35 / /sys/fs/resctrl rw,relatime - resctrl resctrl rw\n';
    expect(resctrlMountPoint(mi)).toBe('/sys/fs/resctrl');
    expect(resctrlMountPoint('22 1 0:21 / /sys rw - sysfs sysfs rw\n')).toBeUndefined();
  });
});

describe('rdt checks', () => {
  const both = { l3CacheSchema: 'L3:0=3', memBwSchema: 'MB:0=50', schemata: ['MB:0=70'] };
  it('derives the values from the root group and expects the schemata line to win', async () => {
    const rootGroup = (await readResctrlGroup(fs, root, '/'))!;
    expect(schemaValuesFor(rootGroup).both).toEqual(both);
    expect(expectedSchemata(both)).toEqual({
      'L3:0': { value: 3, source: 'l3CacheSchema' },
      'MB:0': { value: 70, source: 'schemata' },
    });
  });
  it('passes on the right schemata and fails on a value written in the wrong order or not at all', async () => {
    const g = (await readResctrlGroup(fs, root, 'c1'))!;
    expect(checkSchemata('r', g, both)).toEqual([]);
    const early = checkSchemata('r', { ...g, schemata: ['L3:0=3', 'MB:0=50'] }, both);
    expect(early.map((f) => f.requirements)).toEqual([['config-linux.intelRdt.schemata-written-last']]);
    const noL3 = checkSchemata('r', { ...g, schemata: ['L3:0=fff', 'MB:0=70'] }, both);
    expect(noL3.map((f) => f.requirements)).toEqual([['config-linux.intelRdt.both-schemas-written']]);
    const one = checkSchemata('r', { ...g, schemata: ['L3:0=fff'] }, { l3CacheSchema: 'L3:0=3' });
    expect(one.map((f) => f.requirements)).toEqual([['config-linux.intelRdt.one-schema-written']]);
  });
  it('fails when the group is missing or lacks the pid', async () => {
    const g = await readResctrlGroup(fs, root, 'c1');
    expect(checkPlaced('r', g, 4242, 'c1', ['config-linux.intelRdt.write-tasks'])).toEqual([]);
    expect(checkPlaced('r', g, 7, 'c1', ['config-linux.intelRdt.write-tasks'])[0]?.check).toBe('tasks of c1');
    expect(checkPlaced('r', undefined, 7, 'c1', ['config-linux.intelRdt.default-closID-is-id'])).toHaveLength(
      1,
    );
  });
  it('fails on a directory left or missing, and on a changed listing', () => {
    expect(
      checkPresence('r', 'g', false, false, ['config-linux.intelRdt.remove-own-dir'], 'after delete'),
    ).toEqual([]);
    expect(
      checkPresence('r', 'g', true, false, ['config-linux.intelRdt.remove-own-dir'], 'after delete')[0]
        ?.message,
    ).toMatch(/to be gone after delete, found it still there/);
    expect(checkUnchanged('r', 'groups', ['a'], ['a'], ['config-linux.intelRdt.unset-no-touch'])).toEqual([]);
    expect(
      checkUnchanged('r', 'groups', ['a'], ['a', 'b'], ['config-linux.intelRdt.unset-no-touch']),
    ).toHaveLength(1);
  });
});
