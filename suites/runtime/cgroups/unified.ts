// cgroups.unified and cgroups.v1-only-on-v2 (pure cgroup v2 hosts): linux.resources.unified keys written to
// the container's v2 cgroup with their controllers enabled, a key of a missing controller refused, and v1-only
// settings that have no v2 equivalent refused instead of dropped.
import { dirname } from 'node:path';
import type { Finding } from '../../../model/report.js';
import {
  hostFs,
  hugePageSizes,
  processCgroupDirs,
  readCgroupFile,
} from '../../../harness/runtime/cgroups.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { createdPid, observationFinding } from '../area-kit.js';
import { defineCase, type CaseContext, type RunHostFacts } from '../../../harness/runtime/case.js';

/** Skip reason off a pure v2 host. */
export function needsPureV2(host: RunHostFacts, what: string): string | null {
  return host.cgroupMode === 'v2'
    ? null
    : `needs a pure cgroup v2 host (this one is ${host.cgroupMode ?? 'unknown'}): ${what}`;
}

/** What the host shows for the unified keys: each key's file, and the parent's enabled controllers. */
export interface UnifiedRead {
  dir: string;
  files: Record<string, string | undefined>;
  parentSubtreeControl: string | undefined;
}

/** The unified keys of the case: one runtimes model (pids.max), one they do not (memory.oom.group). */
export function caseUnified(hugePage?: { pageSize: string; bytes: number }): Record<string, string> {
  const keys: Record<string, string> = { 'pids.max': '17', 'memory.oom.group': '1' };
  if (hugePage) keys[`hugetlb.${hugePage.pageSize}.max`] = String(2 * hugePage.bytes);
  return keys;
}

/** Each key's file holds its value, and the controller it names is enabled in the parent's subtree_control. */
export function checkUnified(read: UnifiedRead | undefined, keys: Record<string, string>): Finding[] {
  const out: Finding[] = [];
  if (!read)
    return [
      observationFinding(
        'cgroups.unified',
        ['config-linux.unified.keys-written'],
        'cgroup',
        'expected the container in a cgroup v2 cgroup, found none',
      ),
    ];
  const enabled = (read.parentSubtreeControl ?? '').split(/\s+/).filter(Boolean);
  for (const [key, value] of Object.entries(keys)) {
    const controller = key.slice(0, key.indexOf('.'));
    if (!enabled.includes(controller))
      out.push(
        observationFinding(
          'cgroups.unified',
          ['config-linux.unified.enable-controllers'],
          `subtree_control ${controller}`,
          `expected ${controller} enabled in ${dirname(read.dir)}/cgroup.subtree_control for key ${key}, found ${JSON.stringify(read.parentSubtreeControl ?? null)}`,
          controller,
          read.parentSubtreeControl ?? null,
        ),
      );
    const raw = read.files[key];
    if (raw === value) continue;
    out.push(
      observationFinding(
        'cgroups.unified',
        [key === 'pids.max' ? 'config-linux.unified.keys-written' : 'config-linux.unified.write-unknown'],
        key,
        `expected ${read.dir}/${key} to hold ${value}, found ${raw === undefined ? 'the file missing' : JSON.stringify(raw)}`,
        value,
        raw ?? null,
      ),
    );
  }
  return out;
}

/** A key naming a controller no kernel has. */
export const missingControllerKey = { 'ociconformmissing.max': '1' };

const unifiedRequirements: RuntimeRequirementId[] = [
  'config-linux.unified.keys-written',
  'config-linux.unified.write-unknown',
  'config-linux.unified.enable-controllers',
  'config-linux.unified.missing-controller-error',
];

async function createRefused(
  ctx: CaseContext,
  rule: string,
  requirement: RuntimeRequirementId,
  what: string,
  resources: Record<string, unknown>,
): Promise<Finding[]> {
  const b = await ctx.makeBundle((c) => {
    c.resources(resources);
    c.probe('wait');
  });
  const cid = ctx.newContainerId(what.replace(/[^a-z0-9]+/gi, '-'));
  const r = await ctx.runtime.create({ id: cid, bundle: b });
  if (r.exitCode !== 0) return [];
  return [
    observationFinding(
      rule,
      [requirement],
      what,
      `expected create with ${what} (${JSON.stringify(resources)}) to fail on cgroup v2, found it succeeded`,
      'a non-zero exit',
      'exit code 0',
    ),
  ];
}

export const cgroupsUnified = defineCase({
  id: 'cgroups.unified',
  group: 'cgroups',
  requirements: unifiedRequirements,
  description:
    'unified pids.max, memory.oom.group (and hugetlb.<size>.max) are written to the container v2 cgroup with their controllers enabled; a key of a controller no kernel has makes create fail',
  needs: (host) =>
    needsPureV2(
      host,
      "unified keys are files of the container's v2 cgroup, which runtimes do not manage on v1 or hybrid hosts (runc refuses unified there)",
    ),
  build(config) {
    config.probe('wait');
  },
  async run(ctx) {
    const fs = hostFs();
    const v2 = ctx.host.cgroupMounts.find((m) => m.version === 2);
    const huge = v2?.controllers.includes('hugetlb') ? (await hugePageSizes(fs))[0] : undefined;
    const keys = caseUnified(huge);
    const config = structuredClone(ctx.bundle.config);
    ((config.linux ??= {}).resources ??= {}).unified = keys;
    await ctx.bundle.writeConfig(config);
    const out: Finding[] = [];
    const pid = await createdPid(ctx, unifiedRequirements, 'create with unified keys');
    if (pid !== undefined) {
      const dir = (await processCgroupDirs(fs, pid, ctx.host.cgroupMounts)).find(
        (d) => d.mount.version === 2,
      )?.dir;
      let read: UnifiedRead | undefined;
      if (dir !== undefined) {
        const files: Record<string, string | undefined> = {};
        for (const k of Object.keys(keys)) files[k] = await readCgroupFile(fs, dir, k);
        read = {
          dir,
          files,
          parentSubtreeControl: await readCgroupFile(fs, dirname(dir), 'cgroup.subtree_control'),
        };
      }
      ctx.observe('unified', read ?? null);
      out.push(...checkUnified(read, keys));
    }
    out.push(
      ...(await createRefused(
        ctx,
        'cgroups.unified',
        'config-linux.unified.missing-controller-error',
        'a key of a missing controller',
        {
          unified: missingControllerKey,
        },
      )),
    );
    return out;
  },
});

/** v1 settings with no cgroup v2 file: a runtime on v2 cannot convert them and must refuse them. */
export const v1OnlySettings: { what: string; resources: Record<string, unknown> }[] = [
  { what: 'memory.swappiness', resources: { memory: { swappiness: 30 } } },
  { what: 'memory.disableOOMKiller', resources: { memory: { disableOOMKiller: true } } },
  { what: 'cpu.realtimeRuntime', resources: { cpu: { realtimeRuntime: 10_000, realtimePeriod: 1_000_000 } } },
  { what: 'network.classID', resources: { network: { classID: 0x100001 } } },
];

export const cgroupsV1OnlyOnV2 = defineCase({
  id: 'cgroups.v1-only-on-v2',
  group: 'cgroups',
  requirements: ['config-linux.unified.v1-conversion-error'],
  description:
    'on cgroup v2, create fails for swappiness, disableOOMKiller, realtime and net_cls classID, which have no v2 equivalent',
  needs: (host) => needsPureV2(host, 'the settings have v1 files on v1 and hybrid hosts'),
  async run(ctx) {
    const out: Finding[] = [];
    // SPEC: "If a conversion is not possible, the runtime MUST generate an error": none of these has a v2
    // file, so a created container means the setting was dropped.
    for (const s of v1OnlySettings)
      out.push(
        ...(await createRefused(
          ctx,
          'cgroups.v1-only-on-v2',
          'config-linux.unified.v1-conversion-error',
          s.what,
          s.resources,
        )),
      );
    return out;
  },
});
