// namespaces.hostname, namespaces.domainname and namespaces.sysctl: names set in the new UTS namespace, and
// namespaced sysctls (ipc, network) set for the container, read back by the probe.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

export const caseHostname = 'oci-conform-uts';
export const caseDomainname = 'oci-conform.example';

/** Compares hostname and domainname with the config (each only when configured). */
export function checkUtsNames(obs: Observation, config: RuntimeConfig): Finding[] {
  const out: Finding[] = [];
  if (config.hostname !== undefined && obs.hostname !== config.hostname)
    out.push(
      observationFinding(
        'namespaces.hostname',
        ['config.hostname'],
        'hostname',
        `expected hostname ${config.hostname}, found ${obs.hostname}`,
        config.hostname,
        obs.hostname,
      ),
    );
  if (config.domainname !== undefined && obs.domainname !== config.domainname)
    out.push(
      observationFinding(
        'namespaces.domainname',
        ['config.domainname'],
        'domainname',
        `expected domainname ${config.domainname}, found ${obs.domainname}`,
        config.domainname,
        obs.domainname,
      ),
    );
  return out;
}

const hostnameRequirements: RuntimeRequirementId[] = ['config.hostname'];

export const namespacesHostname = defineCase({
  id: 'namespaces.hostname',
  group: 'namespaces',
  requirements: hostnameRequirements,
  description: 'sets hostname with a new uts namespace and reads it back with uname',
  build(config) {
    config.hostname(caseHostname);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, hostnameRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkUtsNames(obs, { ...ctx.bundle.config, domainname: undefined });
  },
});

const domainnameRequirements: RuntimeRequirementId[] = ['config.domainname'];

export const namespacesDomainname = defineCase({
  id: 'namespaces.domainname',
  group: 'namespaces',
  requirements: domainnameRequirements,
  since: '1.1.0',
  description:
    'sets domainname (spec 1.1.0, so the config declares ociVersion 1.1.0) and reads it back with uname',
  build(config) {
    config.set('/ociVersion', '1.1.0').set('/domainname', caseDomainname);
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, domainnameRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkUtsNames(obs, { ...ctx.bundle.config, hostname: undefined });
  },
});

/** Namespaced sysctls (ipc and network namespaces), set to values other than a new namespace's defaults. */
export const caseSysctls: Record<string, string> = {
  'kernel.shm_rmid_forced': '1',
  'net.ipv4.ip_forward': '1',
};

/** Compares each configured sysctl with what /proc/sys shows in the container (whitespace-trimmed). */
export function checkSysctls(obs: Observation, config: RuntimeConfig): Finding[] {
  const out: Finding[] = [];
  for (const [name, value] of Object.entries(config.linux?.sysctl ?? {})) {
    const got = obs.sysctls[name];
    if (!got || got.value === null || got.value.trim() !== value.trim())
      out.push(
        observationFinding(
          'namespaces.sysctl',
          ['config-linux.sysctl.applied'],
          `sysctls.${name}`,
          `expected sysctl ${name} = ${value}, found ${got?.value ?? got?.error ?? 'nothing'}`,
          value,
          got?.value ?? null,
        ),
      );
  }
  return out;
}

const sysctlRequirements: RuntimeRequirementId[] = ['config-linux.sysctl.applied'];

export const namespacesSysctl = defineCase({
  id: 'namespaces.sysctl',
  group: 'namespaces',
  requirements: sysctlRequirements,
  description:
    'sets kernel.shm_rmid_forced and net.ipv4.ip_forward (ipc and network namespaces) and reads /proc/sys back',
  build(config) {
    for (const [k, v] of Object.entries(caseSysctls)) config.sysctl(k, v);
    config.probe(
      'report',
      Object.keys(caseSysctls).flatMap((k) => ['--sysctl', k]),
    );
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, sysctlRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkSysctls(obs, ctx.bundle.config);
  },
});
