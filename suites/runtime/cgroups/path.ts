// cgroups.path, cgroups.path-relative, cgroups.path-invalid: where linux.cgroupsPath puts the container, read
// on the host from /proc/PID/cgroup and the hierarchies' directories, for absolute, relative and unusable values.
import type { Finding } from '../../../model/report.js';
import {
  createCgroupDirs,
  hostDirOf,
  hostFs,
  mountFor,
  parseProcCgroup,
  readCgroupFile,
  removeCgroupTree,
  type HostFs,
} from '../../../harness/runtime/cgroups.js';
import type { CgroupMount } from '../../../harness/runtime/host.js';
import { need } from '../../../harness/runtime/preflight.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { createdPid, observationFinding } from '../area-kit.js';
import {
  defineCase,
  type Bundle,
  type CaseContext,
  type RunHostFacts,
} from '../../../harness/runtime/case.js';

/** A process's cgroup in one mounted hierarchy, as the host sees it. */
export interface Placement {
  /** Mount point of the hierarchy (`/sys/fs/cgroup/pids`, `/sys/fs/cgroup`...). */
  hierarchy: string;
  version: 1 | 2;
  /** Controllers of the hierarchy (v1), or those of the v2 root. */
  controllers: string[];
  /** Path inside the hierarchy, from /proc/PID/cgroup. */
  path: string;
  /** Host directory of that cgroup. */
  dir: string;
}

/** The process's cgroups in every mounted hierarchy that has a controller (named v1 ones left out). */
export async function placements(
  fs: HostFs,
  pid: number | 'self',
  mounts: CgroupMount[],
): Promise<Placement[]> {
  const out: Placement[] = [];
  for (const m of parseProcCgroup(await fs.readFile(`/proc/${pid}/cgroup`))) {
    const mount = mountFor(m, mounts);
    if (!mount) continue;
    if (mount.version === 1 && !mount.controllers.some((c) => !c.startsWith('name='))) continue;
    out.push({
      hierarchy: mount.mountPoint,
      version: mount.version,
      controllers: mount.controllers,
      path: m.path,
      dir: hostDirOf(mount, m.path),
    });
  }
  return out.sort((a, b) => a.hierarchy.localeCompare(b.hierarchy));
}

/**
 * The hierarchies whose placement the spec decides on this host: every v1 hierarchy with a controller, and
 * the v2 one when it is the only kind (a pure v2 host). SPEC: on a hybrid host the v2 hierarchy holds
 * at most a few controllers (here hugetlb), and whether a v1-driving runtime joins it is its choice
 * ("MAY attach the container process to additional cgroup controllers"), so it is not judged there.
 */
export function judgedHierarchies(host: Pick<RunHostFacts, 'cgroupMode'>, ps: Placement[]): Placement[] {
  return ps.filter((p) => p.version === 1 || host.cgroupMode === 'v2');
}

/**
 * Absolute cgroupsPath: in each judged hierarchy where the runtime moved the process (its path differs from
 * the harness's own), the path is exactly `cgroupsPath`; in `required` hierarchies (where the configured
 * resources need a controller) it must be, moved or not. Each such dir holds the pid in cgroup.procs.
 */
export function checkAbsolutePlacement(
  rule: string,
  cgroupsPath: string,
  container: Placement[],
  caller: Placement[],
  required: string[],
  procs: Record<string, string | undefined>,
  pid: number,
): Finding[] {
  const out: Finding[] = [];
  const callerPath = (h: string) => caller.find((c) => c.hierarchy === h)?.path;
  for (const p of container) {
    const moved = p.path !== callerPath(p.hierarchy);
    const needed = p.controllers.some((c) => required.includes(c));
    if (!moved && !needed) continue;
    if (p.path !== cgroupsPath) {
      out.push(
        observationFinding(
          rule,
          ['config-linux.cgroupsPath.absolute-from-mountpoint'],
          `cgroup ${p.hierarchy}`,
          `expected the container in ${cgroupsPath} of the hierarchy at ${p.hierarchy}, found ${p.path}`,
          cgroupsPath,
          p.path,
        ),
      );
      continue;
    }
    const listed = (procs[p.dir] ?? '').split('\n').includes(String(pid));
    if (!listed)
      out.push(
        observationFinding(
          rule,
          ['config-linux.cgroupsPath.auto-create'],
          `cgroup.procs ${p.dir}`,
          `expected pid ${pid} in ${p.dir}/cgroup.procs, found ${procs[p.dir] === undefined ? 'the file missing' : JSON.stringify(procs[p.dir])}`,
          String(pid),
          procs[p.dir] ?? null,
        ),
      );
  }
  for (const c of required)
    if (!container.some((p) => p.controllers.includes(c)))
      out.push(
        observationFinding(
          rule,
          ['config-linux.cgroupsPath.absolute-from-mountpoint'],
          `cgroup ${c}`,
          `expected the container in a ${c} cgroup (its resources set a ${c} limit), found none`,
        ),
      );
  return out;
}

/** Same value, same place: each hierarchy's path of the second container equals the first's. */
export function checkStable(rule: string, first: Placement[], second: Placement[]): Finding[] {
  const out: Finding[] = [];
  for (const p of first) {
    const q = second.find((s) => s.hierarchy === p.hierarchy);
    if (q?.path === p.path) continue;
    out.push(
      observationFinding(
        rule,
        ['config-linux.cgroupsPath.stable'],
        `cgroup ${p.hierarchy}`,
        `expected a second container with the same cgroupsPath in ${p.path} of ${p.hierarchy}, as the first, found ${q?.path ?? 'none'}`,
        p.path,
        q?.path ?? null,
      ),
    );
  }
  return out;
}

/** A relative cgroupsPath is resolved against some location: the resulting path ends with it. */
export function checkRelative(
  rule: string,
  relative: string,
  container: Placement[],
  caller: Placement[],
): Finding[] {
  const out: Finding[] = [];
  const moved = container.filter((p) => p.path !== caller.find((c) => c.hierarchy === p.hierarchy)?.path);
  if (moved.length === 0)
    out.push(
      observationFinding(
        rule,
        ['config-linux.cgroupsPath.relative'],
        'cgroup',
        `expected the container in a cgroup ending in ${relative} in some hierarchy, found it in the harness's own cgroups`,
      ),
    );
  for (const p of moved)
    if (!p.path.endsWith(`/${relative}`))
      out.push(
        observationFinding(
          rule,
          ['config-linux.cgroupsPath.relative'],
          `cgroup ${p.hierarchy}`,
          `expected the container's cgroup in ${p.hierarchy} to be ${relative} under a location the runtime chose, found ${p.path}`,
          `.../${relative}`,
          p.path,
        ),
      );
  return out;
}

/** The pids limit every path case sets, so at least the pids hierarchy must hold the container. */
const pidsLimit = 64;

function needsPathCase(host: RunHostFacts): string | null {
  return need.root(host) ?? need.cgroups(host) ?? need.controller(host, 'pids');
}

async function readProcs(fs: HostFs, ps: Placement[]): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const p of ps) out[p.dir] = await readCgroupFile(fs, p.dir, 'cgroup.procs');
  return out;
}

/** Creates container `id` of `bundle` and returns its placements, or undefined after recording why not. */
async function createAndPlace(
  ctx: CaseContext,
  requirements: RuntimeRequirementId[],
  what: string,
  opts: { id?: string; bundle?: Bundle } = {},
): Promise<{ pid: number; placed: Placement[] } | undefined> {
  let pid: number | undefined;
  if (opts.id === undefined) {
    pid = await createdPid(ctx, requirements, what);
  } else {
    const created = await ctx.runtime.create({
      id: opts.id,
      ...(opts.bundle ? { bundle: opts.bundle } : {}),
    });
    if (!ctx.check.succeeded(created, { requirements, what })) return undefined;
    const st = await ctx.runtime.state(opts.id);
    pid = typeof st.state?.pid === 'number' && st.state.pid > 0 ? st.state.pid : undefined;
    if (
      !ctx.check.that(pid !== undefined, {
        requirements: ['runtime.state.pid-linux'],
        what: `state.pid of ${opts.id}`,
        expected: 'a pid',
        actual: st.state?.pid,
      })
    )
      return undefined;
  }
  if (pid === undefined) return undefined;
  return { pid, placed: await placements(hostFs(), pid, ctx.host.cgroupMounts) };
}

const absoluteRequirements: RuntimeRequirementId[] = [
  'config-linux.cgroupsPath.absolute-from-mountpoint',
  'config-linux.cgroupsPath.auto-create',
  'config-linux.cgroupsPath.stable',
];

export const cgroupsPath = defineCase({
  id: 'cgroups.path',
  group: 'cgroups',
  requirements: absoluteRequirements,
  description:
    'an absolute, nested, not yet existing cgroupsPath: create makes it below each mount point and puts the container there; a second container with the same value lands in the same place',
  needs: needsPathCase,
  build(config) {
    config.resources({ pids: { limit: pidsLimit } });
    config.probe('wait');
  },
  async run(ctx) {
    const fs = hostFs();
    const path = `${ctx.bundle.cgroupsPath!}/nested/leaf`;
    await ctx.bundle.writeConfig({
      ...ctx.bundle.config,
      linux: { ...ctx.bundle.config.linux, cgroupsPath: path },
    });
    const caller = await placements(fs, 'self', ctx.host.cgroupMounts);
    const first = await createAndPlace(
      ctx,
      absoluteRequirements,
      'create with a nested absolute cgroupsPath',
    );
    if (!first) return;
    const judged = judgedHierarchies(ctx.host, first.placed);
    ctx.observe('placement', judged);
    ctx.observe('callerPlacement', caller);
    const out = checkAbsolutePlacement(
      'cgroups.path',
      path,
      judged,
      caller,
      ['pids'],
      await readProcs(fs, judged),
      first.pid,
    );
    // The same value again, for a second container made after the first is gone.
    const deleted = await ctx.runtime.delete({ force: true });
    if (
      !ctx.check.succeeded(deleted, {
        requirements: ['runtime.delete.removes-created-resources'],
        what: 'delete --force of the first container',
      })
    )
      return out;
    const b2 = await ctx.makeBundle((c) => {
      c.cgroupsPath(path);
      c.resources({ pids: { limit: pidsLimit } });
      c.probe('wait');
    });
    const second = await createAndPlace(
      ctx,
      ['config-linux.cgroupsPath.stable'],
      'create of a second container',
      {
        id: ctx.newContainerId('again'),
        bundle: b2,
      },
    );
    if (!second) return out;
    ctx.observe('placementAgain', judgedHierarchies(ctx.host, second.placed));
    return [...out, ...checkStable('cgroups.path', judged, judgedHierarchies(ctx.host, second.placed))];
  },
});

const relativeRequirements: RuntimeRequirementId[] = [
  'config-linux.cgroupsPath.relative',
  'config-linux.cgroupsPath.stable',
];

export const cgroupsPathRelative = defineCase({
  id: 'cgroups.path-relative',
  group: 'cgroups',
  requirements: relativeRequirements,
  description:
    'a relative cgroupsPath: the container lands in a cgroup ending in that path, and a second container with the same value lands in the same place',
  needs: needsPathCase,
  build(config) {
    config.resources({ pids: { limit: pidsLimit } });
    config.probe('wait');
  },
  async run(ctx) {
    const fs = hostFs();
    const relative = `oci-conform-rel-${ctx.containerId}`;
    await ctx.bundle.writeConfig({
      ...ctx.bundle.config,
      linux: { ...ctx.bundle.config.linux, cgroupsPath: relative },
    });
    const made = new Set<string>();
    // The runtime chose where the relative path went: remove what it left there (the leaf, at most).
    ctx.defer(async () => {
      for (const d of made) await removeCgroupTree(fs, d);
    });
    const caller = await placements(fs, 'self', ctx.host.cgroupMounts);
    const first = await createAndPlace(ctx, relativeRequirements, 'create with a relative cgroupsPath');
    if (!first) return;
    const judged = judgedHierarchies(ctx.host, first.placed);
    for (const p of judged) if (p.path.endsWith(`/${relative}`)) made.add(p.dir);
    ctx.observe('placement', judged);
    ctx.observe('callerPlacement', caller);
    const out = checkRelative('cgroups.path-relative', relative, judged, caller);
    const deleted = await ctx.runtime.delete({ force: true });
    if (
      !ctx.check.succeeded(deleted, {
        requirements: ['runtime.delete.removes-created-resources'],
        what: 'delete --force of the first container',
      })
    )
      return out;
    const b2 = await ctx.makeBundle((c) => {
      c.cgroupsPath(relative);
      c.resources({ pids: { limit: pidsLimit } });
      c.probe('wait');
    });
    const second = await createAndPlace(
      ctx,
      ['config-linux.cgroupsPath.stable'],
      'create of a second container',
      {
        id: ctx.newContainerId('again'),
        bundle: b2,
      },
    );
    if (!second) return out;
    const judged2 = judgedHierarchies(ctx.host, second.placed);
    for (const p of judged2) if (p.path.endsWith(`/${relative}`)) made.add(p.dir);
    ctx.observe('placementAgain', judged2);
    return [...out, ...checkStable('cgroups.path-relative', judged, judged2)];
  },
});

/** Values no cgroup can have: a path through an interface file, and one with a NUL byte. */
export function invalidPaths(base: string): { what: string; path: string }[] {
  return [
    { what: 'a cgroupsPath through the file cgroup.procs', path: `${base}/cgroup.procs/child` },
    { what: 'a cgroupsPath with a NUL byte', path: `${base}/nul\u0000byte` },
  ];
}

export const cgroupsPathInvalid = defineCase({
  id: 'cgroups.path-invalid',
  group: 'cgroups',
  requirements: ['config-linux.cgroupsPath.invalid-error'],
  description:
    'cgroupsPath values no cgroup can have (a path through cgroup.procs, a NUL byte): create fails instead of placing the container elsewhere',
  needs: (host) => need.root(host) ?? need.cgroups(host),
  build(config) {
    config.probe('wait');
  },
  async run(ctx) {
    const fs = hostFs();
    // The base exists, so the first value runs into the file cgroup.procs rather than a missing dir.
    await createCgroupDirs(fs, ctx.bundle.cgroupsPath!, ctx.host.cgroupMounts);
    const out: Finding[] = [];
    for (const [i, v] of invalidPaths(ctx.bundle.cgroupsPath!).entries()) {
      const b = await ctx.makeBundle((c) => {
        c.cgroupsPath(v.path);
        c.probe('wait');
      });
      const cid = ctx.newContainerId(`invalid-${i}`);
      const created = await ctx.runtime.create({ id: cid, bundle: b });
      if (created.exitCode !== 0) continue;
      // SPEC: a value the kernel cannot hold as a cgroup path is one the runtime must treat as invalid; a
      // container that was created anyway sits somewhere else than the config says.
      const st = await ctx.runtime.state(cid);
      const pid = typeof st.state?.pid === 'number' ? st.state.pid : undefined;
      const where = pid
        ? (await placements(fs, pid, ctx.host.cgroupMounts)).map((p) => `${p.hierarchy}:${p.path}`)
        : [];
      out.push(
        observationFinding(
          'cgroups.path-invalid',
          ['config-linux.cgroupsPath.invalid-error'],
          `create ${i}`,
          `expected create with ${v.what} (${JSON.stringify(v.path)}) to fail, found it succeeded${where.length ? ` with the container in ${where.join(', ')}` : ''}`,
          'a non-zero exit',
          'exit code 0',
        ),
      );
    }
    return out;
  },
});
