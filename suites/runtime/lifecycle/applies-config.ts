// lifecycle.create.applies-config: after create and before start, the host sees what config.json asked
// for besides process: new namespaces, a configured tmpfs mount, the hostname, the pids cgroup and limit.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { need } from '../../../harness/runtime/preflight.js';
import { controllerDir, hostFs, mountinfoEntries, readCgroupFile } from '../../../harness/runtime/cgroups.js';
import { defineCase } from '../../../harness/runtime/case.js';
import { createdPid, observationFinding } from '../area-kit.js';
import { nsEntryOf } from '../namespaces/new-vs-inherited.js';

const id = 'lifecycle.create.applies-config';

export const createdMount = '/oci-conform-created';
export const createdHostname = 'oci-conform-created';
export const createdPidsLimit = 77;

/** What the host saw of the created (not started) container. */
export interface CreatedView {
  /** Per configured namespace type without a path: the harness's inode and the container's. */
  namespaces: { type: string; host: number | undefined; container: number | undefined }[];
  /** Mount points of /proc/PID/mountinfo (as the container sees its root). */
  mountPoints: { mountPoint: string; fstype: string }[];
  /** `hostname` run in the container's UTS namespace. */
  hostname: string | undefined;
  /** pids.max of the container's pids cgroup; undefined when the process is in no pids cgroup. */
  pidsMax: string | undefined;
}

/**
 * Compares the created container with the config. SPEC: runtime.md's create "MUST apply all of the
 * properties configured in config.json except for process"; before start is the only time the
 * harness can tell create from start, so everything is read between the two.
 */
export function checkCreated(v: CreatedView): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  const resources: RuntimeRequirementId[] = [
    'runtime.lifecycle.create-resources',
    'runtime.create.apply-non-process-props',
  ];
  const environment: RuntimeRequirementId[] = [
    'runtime.lifecycle.create-env-from-config',
    'runtime.create.apply-non-process-props',
  ];
  for (const n of v.namespaces) {
    if (n.container === undefined || n.host === undefined || n.container === n.host)
      f(
        resources,
        `namespace ${n.type}`,
        `expected a new ${n.type} namespace after create, found ${n.container === undefined ? 'none readable' : "the harness's own"}`,
        `an inode other than ${String(n.host)}`,
        n.container ?? null,
      );
  }
  const m = v.mountPoints.find((x) => x.mountPoint === createdMount);
  if (!m || m.fstype !== 'tmpfs')
    f(
      environment,
      `mount ${createdMount}`,
      `expected the configured tmpfs at ${createdMount} after create, found ${m ? `a ${m.fstype} mount` : 'no mount there'}`,
      'tmpfs',
      m?.fstype ?? null,
    );
  if (v.hostname !== createdHostname)
    f(
      environment,
      'hostname',
      `expected hostname ${createdHostname} in the container's UTS namespace after create, found ${JSON.stringify(v.hostname ?? null)}`,
      createdHostname,
      v.hostname ?? null,
    );
  if (v.pidsMax !== String(createdPidsLimit))
    f(
      resources,
      'pids.max',
      `expected the container process in a pids cgroup with pids.max ${createdPidsLimit} after create, found ${v.pidsMax === undefined ? 'no pids cgroup' : `pids.max ${v.pidsMax}`}`,
      String(createdPidsLimit),
      v.pidsMax ?? null,
    );
  return out;
}

async function inode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch {
    return undefined;
  }
}

const requirements: RuntimeRequirementId[] = [
  'runtime.create.apply-non-process-props',
  'runtime.lifecycle.create-resources',
  'runtime.lifecycle.create-env-from-config',
];

export const createAppliesConfig = defineCase({
  id,
  group: 'lifecycle',
  requirements,
  description: `after create, before start: the container process is in new pid, network, ipc, uts and mount namespaces, has a tmpfs at ${createdMount}, the hostname ${createdHostname}, and sits in a pids cgroup whose pids.max is ${createdPidsLimit}`,
  needs: (host) => need.root(host) ?? need.controller(host, 'pids'),
  build(config) {
    config
      .probe('wait')
      .hostname(createdHostname)
      .mount({
        destination: createdMount,
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['nosuid', 'nodev', 'size=64k'],
      })
      .resources({ pids: { limit: createdPidsLimit } });
  },
  async run(ctx) {
    const pid = await createdPid(ctx, requirements, 'create');
    if (pid === undefined) return;
    const configured = (ctx.bundle.config.linux?.namespaces ?? []).filter((n) => !n.path);
    const namespaces: CreatedView['namespaces'] = [];
    for (const n of configured) {
      const file = nsEntryOf[n.type];
      if (!file) continue;
      namespaces.push({
        type: n.type,
        host: await inode(`/proc/self/ns/${file}`),
        container: await inode(`/proc/${pid}/ns/${file}`),
      });
    }
    const mountinfo = await readFile(`/proc/${pid}/mountinfo`, 'utf8').catch(() => '');
    let hostname: string | undefined;
    try {
      const r = await promisify(execFile)('nsenter', ['--target', String(pid), '--uts', 'hostname'], {
        timeout: 10_000,
      });
      hostname = r.stdout.trim();
    } catch (e) {
      ctx.note(`nsenter --uts hostname: ${(e as Error).message}`);
    }
    const fs = hostFs();
    const dir = await controllerDir(fs, pid, 'pids', ctx.host.cgroupMounts);
    const pidsMax = dir === undefined ? undefined : await readCgroupFile(fs, dir, 'pids.max');
    const view: CreatedView = { namespaces, mountPoints: mountinfoEntries(mountinfo), hostname, pidsMax };
    ctx.observe('created', { ...view, mountPoints: view.mountPoints.map((x) => x.mountPoint), pidsDir: dir });
    return checkCreated(view);
  },
});
