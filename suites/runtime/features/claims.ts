// features.* claims beyond the recognized lists: every hook kind the features document lists runs, every
// listed mount option is accepted, every known seccomp flag and memory policy mode and flag is accepted,
// and a runtime that applies a mount's uidMappings says mountExtensions.idmap.enabled (features.md,
// features-linux.md). A case that fails shows the document claims something the runtime does not do.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import type { HookEntry, HookType, MountEntry } from '../../../harness/runtime/config-builder.js';
import type { CommandRecord } from '../../../model/report.js';
import { parseObservation, type HookRecord } from '../../../harness/probe/observation.js';
import { defineCase, type CaseContext, type ConfigBuilder } from '../../../harness/runtime/case.js';
import { observationFinding, parseProbeOutput } from '../area-kit.js';
import { hookLogDir, readHookLog } from '../hooks/order-and-state.js';
import { listedIn } from './recognized.js';

/** A top-level list of the features document (`hooks`, `mountOptions`), or undefined. */
export function topList(features: unknown, key: string): string[] | undefined {
  if (typeof features !== 'object' || features === null || Array.isArray(features)) return undefined;
  const v = (features as Record<string, unknown>)[key];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** How one container went: created, started, stopped, and the probe's output; `why` when it did not. */
interface Ran {
  ok: boolean;
  why?: string;
  output?: string;
  record?: CommandRecord;
}

let serial = 0;

/** Creates, starts and waits for a container from `build`, recording nothing (callers decide). */
async function tryRun(ctx: CaseContext, build: (c: ConfigBuilder) => void, tag: string): Promise<Ran> {
  const bundle = await ctx.makeBundle(build);
  const id = ctx.newContainerId(`${tag}${++serial}`);
  const created = await ctx.runtime.create({ id, bundle });
  if (created.exitCode !== 0)
    return { ok: false, why: `create failed: ${created.stderr.trim().slice(0, 300)}`, record: created };
  const started = await ctx.runtime.start(id);
  if (started.exitCode !== 0)
    return { ok: false, why: `start failed: ${started.stderr.trim().slice(0, 300)}`, record: started };
  const stopped = await ctx.waitForStatus('stopped', { id });
  if (!stopped.matched)
    return { ok: false, why: `the container did not stop (status ${String(stopped.last?.state?.status)})` };
  return { ok: true, output: await ctx.output({ id }) };
}

const needsTop =
  (key: string) =>
  (_host: unknown, env: { features?: unknown }): string | null =>
    topList(env.features, key)?.length
      ? null
      : `needs a features document listing ${key} (the runtime printed none, or an empty list)`;

const needsLinux =
  (...paths: string[][]) =>
  (_host: unknown, env: { features?: unknown }): string | null =>
    paths.some((p) => listedIn(env.features, ...p)?.length)
      ? null
      : `needs a features document listing ${paths.map((p) => `linux.${p.join('.')}`).join(' or ')} (the runtime printed none, or empty lists)`;

// ---- hooks

/** Hook kinds that run in the container's mount namespace: their path and log are container paths. */
const inContainer = new Set(['startContainer']);

/** One hook entry per listed name, each logging its name. */
export function hooksFor(
  names: string[],
  paths: { hostProbe: string; hostLog: string; containerProbe: string; containerLog: string },
): Record<string, HookEntry[]> {
  const out: Record<string, HookEntry[]> = {};
  for (const name of names) {
    const c = inContainer.has(name);
    out[name] = [
      {
        path: c ? paths.containerProbe : paths.hostProbe,
        args: ['oci-conform-hook', 'hook', '--log', c ? paths.containerLog : paths.hostLog, '--name', name],
      },
    ];
  }
  return out;
}

/** Every listed hook name ran at least once. */
export function checkHooksRan(listed: string[], records: HookRecord[]): Finding[] {
  const ran = new Set(records.map((r) => r.name));
  const missing = listed.filter((n) => !ran.has(n));
  if (!missing.length) return [];
  return [
    observationFinding(
      'features.hooks-supported',
      ['features.hooks-supported'],
      'hooks ran',
      `expected every hook kind the features document lists to run, found no run of ${missing.join(', ')}`,
      listed,
      [...ran],
    ),
  ];
}

export const featuresHooksSupported = defineCase({
  id: 'features.hooks-supported',
  group: 'features',
  requirements: ['features.hooks-supported'],
  description:
    'configures one hook of every kind the features document lists and checks each ran during create, start and delete',
  needs: needsTop('hooks'),
  async run(ctx) {
    const listed = topList(ctx.features, 'hooks') ?? [];
    const b = ctx.bundle;
    await mkdir(b.hostPath(hookLogDir), { recursive: true });
    const containerLog = `${hookLogDir}/features.log`;
    const config = structuredClone(b.config);
    config.hooks = hooksFor(listed, {
      hostProbe: b.hostPath(ctx.probe),
      hostLog: b.hostPath(containerLog),
      containerProbe: ctx.probe,
      containerLog,
    }) as Partial<Record<HookType, HookEntry[]>>;
    await b.writeConfig(config);
    const reqs: RuntimeRequirementId[] = ['features.hooks-supported'];
    if (
      !ctx.check.succeeded(await ctx.runtime.create(), { requirements: reqs, what: 'create with every hook' })
    )
      return;
    ctx.check.succeeded(await ctx.runtime.start(), { requirements: reqs, what: 'start with every hook' });
    await ctx.waitForStatus('stopped');
    ctx.check.succeeded(await ctx.runtime.delete(), { requirements: reqs, what: 'delete with every hook' });
    let records: HookRecord[] = [];
    try {
      records = await readHookLog(b.hostPath(containerLog));
    } catch (e) {
      ctx.note(`no hook log: ${(e as Error).message}`);
    }
    ctx.observe('hooks', records);
    return checkHooksRan(listed, records);
  },
});

// ---- mount options

/** Options that only make sense on a bind mount (propagation, recursive attributes, idmaps). */
const bindOnly =
  /^(r?(private|shared|slave|unbindable)|r(ro|rw|suid|nosuid|dev|nodev|exec|noexec|symfollow|nosymfollow|atime|noatime|diratime|nodiratime|relatime|norelatime|strictatime|nostrictatime)|r?idmap)$/;

/** The mount one option is put on: a bind mount of a fresh directory, or a tmpfs. */
export function mountFor(option: string, index: number, source: string): MountEntry[] {
  const destination = `/oci-conform-opt/${index}`;
  if (option === 'bind' || option === 'rbind')
    return [{ destination, type: 'none', source, options: [option] }];
  if (bindOnly.test(option)) return [{ destination, type: 'none', source, options: ['rbind', option] }];
  return [{ destination, type: 'tmpfs', source: 'tmpfs', options: [option] }];
}

/** Options the case leaves out, and why. SPEC: an idmap needs mappings and a user namespace of its own. */
export const leftOutOptions: Record<string, string> = {
  // SPEC: remount changes a mount that already exists at the destination; a container's mounts are fresh
  // (runc 1.1.5 and the reference runtime both refuse it even over a tmpfs an earlier entry mounted there).
  remount: 'changes an existing mount, and a fresh container has none to change',
  idmap: 'needs uidMappings and a user namespace (features.idmap-enabled)',
  ridmap: 'needs uidMappings and a user namespace (features.idmap-enabled)',
};

export const featuresMountOptionsRecognized = defineCase({
  id: 'features.mount-options-recognized',
  group: 'features',
  requirements: ['features.mountOptions-recognized'],
  description:
    'mounts a tmpfs or bind mount with each mount option the features document lists, all in one container (halving the list to name the refused options only when that fails) and expects it to run',
  needs: needsTop('mountOptions'),
  timeoutMs: 120_000,
  async run(ctx) {
    const listed = (topList(ctx.features, 'mountOptions') ?? []).filter((o) => !(o in leftOutOptions));
    const left = (topList(ctx.features, 'mountOptions') ?? []).filter((o) => o in leftOutOptions);
    if (left.length) ctx.note(`left out: ${left.map((o) => `${o} (${leftOutOptions[o]})`).join('; ')}`);
    const src = join(ctx.bundle.dir, 'opt-src');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'f'), 'x');
    const withOptions = (opts: string[]) => (c: ConfigBuilder) => {
      opts.forEach((o) => mountFor(o, listed.indexOf(o), src).forEach((m) => c.mount(m)));
      c.probe('try', ['syscall', 'getpid']);
    };
    const all = await tryRun(ctx, withOptions(listed), 'all');
    if (all.ok) return;
    // Halve the failing set until single options: names the refused ones in a few containers.
    const bad: { option: string; why: string }[] = [];
    const bisect = async (opts: string[], known?: Ran): Promise<void> => {
      const r = known ?? (await tryRun(ctx, withOptions(opts), 'opts'));
      if (r.ok) return;
      if (opts.length === 1) {
        bad.push({ option: opts[0]!, why: r.why ?? '' });
        return;
      }
      const half = Math.ceil(opts.length / 2);
      await Promise.all([bisect(opts.slice(0, half)), bisect(opts.slice(half))]);
    };
    await bisect(listed, all);
    ctx.observe('refused options', bad);
    if (!bad.length)
      return [
        observationFinding(
          'features.mount-options-recognized',
          ['features.mountOptions-recognized'],
          'all options together',
          `expected a container with every listed mount option (one mount each) to run, found ${all.why ?? 'a failure'}; each option alone works`,
          'the container runs',
          all.why,
        ),
      ];
    return bad.map((b) =>
      observationFinding(
        'features.mount-options-recognized',
        ['features.mountOptions-recognized'],
        `mount option ${b.option}`,
        `expected listed mount option ${b.option} to be accepted on a ${mountFor(b.option, 0, src)[0]!.type === 'tmpfs' ? 'tmpfs' : 'bind'} mount, found ${b.why}`,
        'the container runs',
        b.why,
      ),
    );
  },
});

// ---- seccomp knownFlags

export const featuresSeccompKnownFlags = defineCase({
  id: 'features.seccomp-known-flags',
  group: 'features',
  requirements: ['features-linux.seccomp.knownFlags-recognized'],
  description:
    'creates and runs a container whose seccomp profile sets every flag in linux.seccomp.knownFlags',
  needs(host, env) {
    if (!(host as { seccomp?: boolean }).seccomp)
      return 'needs seccomp filter support in the kernel (no Seccomp line in /proc/self/status)';
    return needsLinux(['seccomp', 'knownFlags'])(host, env);
  },
  async run(ctx) {
    const flags = listedIn(ctx.features, 'seccomp', 'knownFlags') ?? [];
    // SPEC: a known flag may still be unsupported by the kernel or libseccomp (it is then missing from
    // supportedFlags); the spec says every known flag is recognized, so the case expects create to accept it.
    const r = await tryRun(
      ctx,
      (c) => {
        c.seccomp({ defaultAction: 'SCMP_ACT_ALLOW', flags, syscalls: [] });
        c.probe('try', ['syscall', 'getpid']);
      },
      'flags',
    );
    ctx.check.that(r.ok, {
      requirements: ['features-linux.seccomp.knownFlags-recognized'],
      what: 'known flags accepted',
      message: `expected a profile with flags ${flags.join(', ')} to be accepted and the container to run, found ${r.why ?? 'a failure'}`,
      expected: 'the container runs',
      actual: r.why,
    });
  },
});

// ---- memoryPolicy

/** The memoryPolicy each listed mode (with node 0 when it takes nodes) or flag (with MPOL_BIND) is tried in. */
export function memoryPolicies(
  features: unknown,
): { what: string; policy: Record<string, unknown>; req: RuntimeRequirementId }[] {
  const noNodes = new Set(['MPOL_DEFAULT', 'MPOL_LOCAL']);
  const out: { what: string; policy: Record<string, unknown>; req: RuntimeRequirementId }[] = [];
  for (const mode of listedIn(features, 'memoryPolicy', 'modes') ?? [])
    out.push({
      what: `mode ${mode}`,
      policy: noNodes.has(mode) ? { mode } : { mode, nodes: '0' },
      req: 'features-linux.memoryPolicy.modes-recognized',
    });
  for (const flag of listedIn(features, 'memoryPolicy', 'flags') ?? [])
    out.push({
      what: `flag ${flag}`,
      policy: { mode: 'MPOL_BIND', nodes: '0', flags: [flag] },
      req: 'features-linux.memoryPolicy.flags-recognized',
    });
  return out;
}

export const featuresMemoryPolicyRecognized = defineCase({
  id: 'features.memory-policy-recognized',
  group: 'features',
  requirements: [
    'features-linux.memoryPolicy.modes-recognized',
    'features-linux.memoryPolicy.flags-recognized',
  ],
  description:
    'creates and runs one container per memory policy mode (node 0) and per flag (with MPOL_BIND) the features document lists',
  since: '1.3.0',
  needs: needsLinux(['memoryPolicy', 'modes'], ['memoryPolicy', 'flags']),
  timeoutMs: 90_000,
  async run(ctx) {
    for (const p of memoryPolicies(ctx.features)) {
      const r = await tryRun(
        ctx,
        (c) => {
          c.set('/ociVersion', '1.3.0');
          c.set('/linux/memoryPolicy', p.policy);
          c.probe('try', ['syscall', 'getpid']);
        },
        'mpol',
      );
      ctx.check.that(r.ok, {
        requirements: [p.req],
        what: `memoryPolicy ${p.what}`,
        message: `expected memoryPolicy ${JSON.stringify(p.policy)} to be accepted and the container to run, found ${r.why ?? 'a failure'}`,
        expected: 'the container runs',
        actual: r.why,
      });
    }
  },
});

// ---- mountExtensions.idmap

/** The mapping the idmapped mount gets: host root seen as uid/gid 1000 through the mount. */
export const idmapMappedId = 1000;

/**
 * Whether the runtime applied the mount's mappings (the probe saw the host-root-owned file as
 * {@link idmapMappedId}) against what the document says; `applied` undefined when the container did not run.
 */
export function checkIdmapClaim(claim: boolean | undefined, applied: boolean | undefined): Finding[] {
  if (applied === true && claim !== true)
    return [
      observationFinding(
        'features.idmap-enabled',
        ['features-linux.mountExtensions.idmap-enabled'],
        'mountExtensions.idmap.enabled',
        `expected mountExtensions.idmap.enabled true from a runtime that applies a mount's uidMappings, found ${JSON.stringify(claim ?? null)}`,
        true,
        claim ?? null,
      ),
    ];
  if (applied !== true && claim === true)
    return [
      observationFinding(
        'features.idmap-enabled',
        ['features-linux.mountExtensions.idmap-enabled'],
        'idmapped mount',
        `expected the mount's uidMappings applied (the file seen as uid ${idmapMappedId}) because mountExtensions.idmap.enabled is true, found ${applied === false ? 'the file unmapped' : 'the container did not run'}`,
        idmapMappedId,
        applied ?? null,
      ),
    ];
  return [];
}

/** `linux.mountExtensions.idmap.enabled` of a features document. */
export function idmapClaim(features: unknown): boolean | undefined {
  const v = (features as { linux?: { mountExtensions?: { idmap?: { enabled?: unknown } } } } | undefined)
    ?.linux?.mountExtensions?.idmap?.enabled;
  return typeof v === 'boolean' ? v : undefined;
}

const identity = [{ containerID: 0, hostID: 0, size: 4294967295 }];

export const featuresIdmapEnabled = defineCase({
  id: 'features.idmap-enabled',
  group: 'features',
  requirements: ['features-linux.mountExtensions.idmap-enabled'],
  description:
    'bind-mounts a host-root-owned directory with uidMappings/gidMappings (0 -> 1000) in a user namespace; a runtime that applies them must say mountExtensions.idmap.enabled, one that says so must apply them',
  since: '1.2.0',
  needs(host, env) {
    if (env.features === undefined)
      return 'needs a features document (its mountExtensions.idmap.enabled is what the case checks)';
    return (host as { userNamespaces?: boolean }).userNamespaces
      ? null
      : 'needs user namespaces (max_user_namespaces is 0 or the kernel lacks them)';
  },
  async run(ctx) {
    const src = join(ctx.bundle.dir, 'idmap-src');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'f'), 'x');
    const dest = '/oci-conform-idmap';
    const map = [{ containerID: idmapMappedId, hostID: 0, size: 1 }];
    const r = await tryRun(
      ctx,
      (c) => {
        c.set('/ociVersion', '1.2.0');
        c.namespace('user');
        c.set('/linux/uidMappings', identity);
        c.set('/linux/gidMappings', identity);
        c.mount({
          destination: dest,
          type: 'bind',
          source: src,
          options: ['rbind', 'idmap'],
          uidMappings: map,
          gidMappings: map,
        });
        c.probe('report', ['--path', `${dest}/f`]);
      },
      'idmap',
    );
    let applied: boolean | undefined;
    if (r.ok && r.output !== undefined) {
      const obs = parseProbeOutput(ctx, r.output, parseObservation);
      const p = obs?.paths.find((x) => x.path === `${dest}/f`);
      if (p?.exists) applied = p.uid === idmapMappedId;
    } else ctx.note(`the idmapped container did not run: ${r.why ?? ''}`);
    ctx.observe('idmap', { claim: idmapClaim(ctx.features), applied });
    return checkIdmapClaim(idmapClaim(ctx.features), applied);
  },
});
