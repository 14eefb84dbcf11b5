// features.*-recognized: every namespace type, capability, and seccomp action/operator/architecture/flag the
// runtime's features document lists is accepted in a config (features-linux.md): one container per list,
// each of which must be created, run its probe and stop.
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { defineCase, type CaseContext, type ConfigBuilder } from '../../../harness/runtime/case.js';
import { parseTryResult } from '../../../harness/probe/observation.js';
import { parseProbeOutput } from '../area-kit.js';

/** The list at `linux.<path>` of a features document, or undefined when absent or not a string list. */
export function listedIn(features: unknown, ...path: string[]): string[] | undefined {
  let v: unknown = features;
  for (const k of ['linux', ...path]) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/**
 * Syscalls neither the runtime (after it installs the filter) nor the probe's `try syscall getpid` makes,
 * one per action, so any action may be put on them without changing what the container does.
 */
export const quietSyscalls = [
  'acct',
  'swapon',
  'swapoff',
  'syslog',
  'vhangup',
  'kexec_load',
  'delete_module',
  'init_module',
  'reboot',
  'settimeofday',
] as const;

/** The syscall the operator rules are put on (an ERRNO action: harmless whatever they match). */
export const operatorSyscall = 'quotactl';

/** The seccomp architectures one filter may hold together, by Node's name of the host architecture. */
export const archFamilies: Record<string, string[]> = {
  x64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  ia32: ['SCMP_ARCH_X86'],
  arm64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
  arm: ['SCMP_ARCH_ARM'],
  ppc64: ['SCMP_ARCH_PPC64LE'],
  s390x: ['SCMP_ARCH_S390X', 'SCMP_ARCH_S390'],
  riscv64: ['SCMP_ARCH_RISCV64'],
  loong64: ['SCMP_ARCH_LOONGARCH64'],
};

/**
 * A profile using every listed action, operator and supported flag, and the listed architectures of the
 * host's family; `left` says what it leaves out and why.
 * SPEC: SCMP_ACT_NOTIFY needs a listenerPath the runtime connects to at create, so it is not part of
 * this profile. The spec promises each listed architecture is accepted, not that all of them fit in one
 * filter (libseccomp refuses to mix families), so only the host's family is exercised.
 */
export function seccompProfileFor(
  features: unknown,
  hostArch: string,
): { profile: Record<string, unknown>; left: string[] } {
  const actions = listedIn(features, 'seccomp', 'actions') ?? [];
  const operators = listedIn(features, 'seccomp', 'operators') ?? [];
  const family = archFamilies[hostArch] ?? [];
  const listedArchs = listedIn(features, 'seccomp', 'archs') ?? [];
  const archs = listedArchs.filter((a) => family.includes(a));
  const flags = listedIn(features, 'seccomp', 'supportedFlags') ?? [];
  const left: string[] = [];
  const foreign = listedArchs.filter((a) => !family.includes(a));
  if (foreign.length) left.push(`architectures of other families (${foreign.join(', ')})`);
  const syscalls: Record<string, unknown>[] = [];
  let n = 0;
  for (const action of actions) {
    if (action === 'SCMP_ACT_NOTIFY') {
      left.push('SCMP_ACT_NOTIFY (needs a seccomp listener)');
      continue;
    }
    const name = quietSyscalls[n++];
    if (name === undefined) {
      left.push(`${action} (more actions than quiet syscalls)`);
      continue;
    }
    syscalls.push({ names: [name], action });
  }
  for (const op of operators) {
    const arg: Record<string, unknown> = { index: 0, value: 0xdead, op };
    if (op === 'SCMP_CMP_MASKED_EQ') arg.valueTwo = 0xdead;
    syscalls.push({ names: [operatorSyscall], action: 'SCMP_ACT_ERRNO', args: [arg] });
  }
  return {
    profile: {
      defaultAction: 'SCMP_ACT_ALLOW',
      ...(archs.length ? { architectures: [...archs] } : {}),
      ...(flags.length ? { flags: [...flags] } : {}),
      syscalls,
    },
    left,
  };
}

/** Linux ID mappings covering every id, for a user namespace that changes nobody's identity. */
const identity = [{ containerID: 0, hostID: 0, size: 4294967295 }];

/** Adds every listed namespace type (a user namespace with identity mappings). */
export function withNamespaces(c: ConfigBuilder, types: string[]): void {
  for (const t of types) c.namespace(t as Parameters<ConfigBuilder['namespace']>[0]);
  if (types.includes('user')) {
    c.set('/linux/uidMappings', identity);
    c.set('/linux/gidMappings', identity);
  }
}

/**
 * SPEC: the lists describe the runtime at its ociVersionMax (a namespace type such as `time` exists only
 * from 1.2.0 on), so the configs declare that version, which the runtime must accept.
 */
function declareMax(c: ConfigBuilder, features: unknown): void {
  const max = (features as Record<string, unknown> | undefined)?.ociVersionMax;
  if (typeof max === 'string') c.set('/ociVersion', max);
}

/** Creates, starts and waits for a container from `build`; records a failure against `req`. */
async function runsWith(
  ctx: CaseContext,
  req: RuntimeRequirementId,
  what: string,
  build: (c: ConfigBuilder) => void,
): Promise<void> {
  const bundle = await ctx.makeBundle((c) => {
    declareMax(c, ctx.features);
    build(c);
    c.probe('try', ['syscall', 'getpid']);
  });
  const id = ctx.newContainerId();
  const created = await ctx.runtime.create({ id, bundle });
  if (!ctx.check.succeeded(created, { requirements: [req], what: `create with ${what}` })) return;
  const started = await ctx.runtime.start(id);
  if (!ctx.check.succeeded(started, { requirements: [req], what: `start with ${what}` })) return;
  const stopped = await ctx.waitForStatus('stopped', { id });
  if (!stopped.matched) {
    ctx.check.fail({
      requirements: [req],
      what: `stopped with ${what}`,
      message: `expected the probe to run and the container to stop with ${what}, found status ${String(stopped.last?.state?.status)}`,
    });
    return;
  }
  const r = parseProbeOutput(ctx, await ctx.output({ id }), parseTryResult);
  if (r)
    ctx.check.that(r.ok, {
      requirements: [req],
      what: `probe with ${what}`,
      expected: { ok: true },
      actual: r,
      message: `expected the probe's getpid to succeed with ${what}, found ${r.error ?? 'a failure'}`,
    });
}

const needsList =
  (...path: string[]) =>
  (_host: unknown, env: { features?: unknown }): string | null =>
    listedIn(env.features, ...path)?.length
      ? null
      : `needs a features document listing linux.${path.join('.')} (the runtime printed none, or an empty list)`;

export const featuresNamespacesRecognized = defineCase({
  id: 'features.namespaces-recognized',
  group: 'features',
  requirements: ['features-linux.namespaces-recognized'],
  description: 'creates and runs a container with every namespace type the features document lists',
  needs: needsList('namespaces'),
  async run(ctx) {
    const types = listedIn(ctx.features, 'namespaces') ?? [];
    await runsWith(ctx, 'features-linux.namespaces-recognized', `namespaces ${types.join(',')}`, (c) =>
      withNamespaces(c, types),
    );
  },
});

export const featuresCapabilitiesRecognized = defineCase({
  id: 'features.capabilities-recognized',
  group: 'features',
  requirements: ['features-linux.capabilities-recognized'],
  description:
    'creates and runs a container whose bounding set lists every capability the features document lists',
  needs: needsList('capabilities'),
  async run(ctx) {
    const caps = listedIn(ctx.features, 'capabilities') ?? [];
    // SPEC: the bounding set only: the harness may lack a listed capability (CAP_SYS_RESOURCE here), and
    // a runtime cannot give the process one it does not hold; a bounding set may name it.
    await runsWith(
      ctx,
      'features-linux.capabilities-recognized',
      `${caps.length} capabilities in the bounding set`,
      (c) => c.capabilities({ bounding: caps }),
    );
  },
});

const seccompReqs: RuntimeRequirementId[] = [
  'features-linux.seccomp.actions-recognized',
  'features-linux.seccomp.operators-recognized',
  'features-linux.seccomp.archs-recognized',
  'features-linux.seccomp.supportedFlags-supported',
];

export const featuresSeccompRecognized = defineCase({
  id: 'features.seccomp-recognized',
  group: 'features',
  requirements: seccompReqs,
  description:
    'creates and runs a container whose seccomp profile uses every listed action (on syscalls nobody makes), operator, architecture and supported flag',
  feature: {
    path: ['linux', 'seccomp', 'enabled'],
    requirement: 'features-linux.seccomp-enabled',
  },
  needs(host, env) {
    if (!host.seccomp)
      return 'needs seccomp filter support in the kernel (no Seccomp line in /proc/self/status)';
    return needsList('seccomp', 'actions')(host, env);
  },
  async run(ctx) {
    const { profile, left } = seccompProfileFor(ctx.features, ctx.host.arch ?? process.arch);
    if (left.length) ctx.note(`not in the profile: ${left.join('; ')}`);
    ctx.observe('seccomp profile', profile);
    const bundle = await ctx.makeBundle((c) => {
      declareMax(c, ctx.features);
      c.seccomp(profile);
      c.probe('try', ['syscall', 'getpid']);
    });
    const id = ctx.newContainerId();
    const reqs = seccompReqs;
    const created = await ctx.runtime.create({ id, bundle });
    if (!ctx.check.succeeded(created, { requirements: reqs, what: 'create with the listed seccomp values' }))
      return;
    const started = await ctx.runtime.start(id);
    if (!ctx.check.succeeded(started, { requirements: reqs, what: 'start with the listed seccomp values' }))
      return;
    const stopped = await ctx.waitForStatus('stopped', { id });
    if (!stopped.matched) return;
    const r = parseProbeOutput(ctx, await ctx.output({ id }), parseTryResult);
    if (r)
      ctx.check.that(r.ok, {
        requirements: reqs,
        what: 'probe under the listed seccomp values',
        expected: { ok: true },
        actual: r,
      });
  },
});
