// Unit tests of the lifecycle checks that judge observations (requirement ids, not text): the created
// container's view from the host, the status names, the broken bundles.
import { describe, expect, it } from 'vitest';
import { mountinfoEntries } from '../../../harness/runtime/cgroups.js';
import { statusRequirements } from '../area-kit.js';
import {
  checkCreated,
  createdHostname,
  createdMount,
  createdPidsLimit,
  type CreatedView,
} from './applies-config.js';
import { bundleVariants } from './bundle.js';

const reqs = (fs: { requirements: string[] }[]) => [...new Set(fs.flatMap((f) => f.requirements))].sort();

const mountinfo = [
  '600 500 0:50 / / rw,relatime - overlay overlay rw',
  '601 600 0:51 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw',
  `602 600 0:52 / ${createdMount} rw,nosuid,nodev - tmpfs tmpfs rw,size=64k`,
  '603 600 0:53 / /with\\040space rw - tmpfs tmpfs rw',
].join('\n');

const good = (): CreatedView => ({
  namespaces: [
    { type: 'pid', host: 1, container: 11 },
    { type: 'uts', host: 2, container: 12 },
  ],
  mountPoints: mountinfoEntries(mountinfo),
  hostname: createdHostname,
  pidsMax: String(createdPidsLimit),
});

describe('lifecycle.create.applies-config', () => {
  it('parses mount points and types of mountinfo, octal escapes decoded', () => {
    expect(mountinfoEntries(mountinfo)).toEqual([
      { mountPoint: '/', fstype: 'overlay' },
      { mountPoint: '/proc', fstype: 'proc' },
      { mountPoint: createdMount, fstype: 'tmpfs' },
      { mountPoint: '/with space', fstype: 'tmpfs' },
    ]);
  });

  it('passes when everything configured is there after create', () => {
    expect(checkCreated(good())).toEqual([]);
  });

  it('flags a shared namespace and a missing pids cgroup as missing resources', () => {
    const v = good();
    v.namespaces[1]!.container = 2;
    v.pidsMax = undefined;
    const f = checkCreated(v);
    expect(f.map((x) => x.check)).toEqual(['namespace uts', 'pids.max']);
    expect(reqs(f)).toEqual(['runtime.create.apply-non-process-props', 'runtime.lifecycle.create-resources']);
  });

  it('flags a missing mount and hostname (left for start, or ignored) as an environment not built at create', () => {
    const v = good();
    v.mountPoints = v.mountPoints.filter((m) => m.mountPoint !== createdMount);
    v.hostname = 'runc-host';
    const f = checkCreated(v);
    expect(f.map((x) => x.check)).toEqual([`mount ${createdMount}`, 'hostname']);
    expect(reqs(f)).toEqual([
      'runtime.create.apply-non-process-props',
      'runtime.lifecycle.create-env-from-config',
    ]);
  });

  it('flags a wrong limit and a mount of another type', () => {
    const v = good();
    v.pidsMax = 'max';
    v.mountPoints = [{ mountPoint: createdMount, fstype: 'ext4' }];
    expect(checkCreated(v).map((x) => x.check)).toEqual([`mount ${createdMount}`, 'pids.max']);
  });
});

describe('status names', () => {
  it('adds runtime.state.status for a missing status and the extension rule for a made-up name', () => {
    expect(statusRequirements('runtime.state.status-created', 'created')).toEqual([
      'runtime.state.status-created',
    ]);
    expect(statusRequirements('runtime.state.status-created', 'running')).toEqual([
      'runtime.state.status-created',
    ]);
    expect(statusRequirements('runtime.state.status-created', 'ready')).toEqual([
      'runtime.state.status-created',
      'runtime.state.status-extension-only-new-states',
    ]);
    for (const missing of [undefined, '', 3])
      expect(statusRequirements('runtime.state.status-running', missing)).toEqual([
        'runtime.state.status-running',
        'runtime.state.status',
      ]);
  });
});

describe('lifecycle.bundle.config-json', () => {
  it('has one broken bundle per bundle.md requirement', () => {
    expect(bundleVariants.map((v) => v.requirement).sort()).toEqual([
      'bundle.config-at-root',
      'bundle.config-exact-name',
      'bundle.config-required',
    ]);
  });
});
