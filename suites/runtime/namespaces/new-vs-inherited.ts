// namespaces.new-vs-inherited: every namespace type listed without a path is new (its inode differs from the
// runtime's), and every type not listed is inherited (same inode). The case lists uts and leaves out ipc.
import { stat } from 'node:fs/promises';
import type { Finding } from '../../../model/report.js';
import {
  namespaceKinds,
  parseObservation,
  type NamespaceKind,
  type Observation,
} from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'namespaces.new-vs-inherited';

/** Config namespace type -> /proc/PID/ns entry. */
export const nsEntryOf: Record<string, NamespaceKind> = {
  pid: 'pid',
  network: 'net',
  mount: 'mnt',
  ipc: 'ipc',
  uts: 'uts',
  user: 'user',
  cgroup: 'cgroup',
  time: 'time',
};

const supportRequirement: Record<string, RuntimeRequirementId> = {
  pid: 'config-linux.namespaces.pid',
  network: 'config-linux.namespaces.network',
  mount: 'config-linux.namespaces.mount',
  ipc: 'config-linux.namespaces.ipc',
  uts: 'config-linux.namespaces.uts',
  user: 'config-linux.namespaces.user',
  cgroup: 'config-linux.namespaces.cgroup',
  time: 'config-linux.namespaces.time',
};

/** Inodes of the calling process's namespaces (the runtime inherits them), by /proc/self/ns entry. */
export async function hostNamespaceInodes(): Promise<Partial<Record<NamespaceKind, number>>> {
  const out: Partial<Record<NamespaceKind, number>> = {};
  for (const k of namespaceKinds) {
    try {
      out[k] = (await stat(`/proc/self/ns/${k}`)).ino;
    } catch {
      /* kernel without this namespace type */
    }
  }
  return out;
}

/**
 * Compares the container's namespace inodes with the runtime's: listed types without `path` must differ,
 * types not listed must be equal. Types with a `path`, and types the host or the probe cannot see, are skipped.
 *
 * SPEC: "the runtime's namespace" is observed as the harness's own namespaces, since the harness runs the
 * runtime directly; a runtime wrapper that itself unshares a namespace makes that type look new.
 */
export function checkNamespaces(
  obs: Observation,
  config: RuntimeConfig,
  host: Partial<Record<NamespaceKind, number>>,
  rule: string = id,
): Finding[] {
  const out: Finding[] = [];
  const listed = config.linux?.namespaces ?? [];
  for (const [type, entry] of Object.entries(nsEntryOf)) {
    const hostInode = host[entry];
    const mine = obs.namespaces[entry];
    if (hostInode === undefined || !mine) continue;
    const conf = listed.find((n) => n.type === type);
    if (conf?.path !== undefined) continue;
    if (conf && mine.inode === hostInode)
      out.push(
        observationFinding(
          rule,
          ['config-linux.namespaces.new-when-no-path', supportRequirement[type]!],
          `namespaces.${entry}`,
          `expected a new ${type} namespace (inode other than the runtime's ${hostInode}), found the runtime's own`,
          { not: hostInode },
          mine.inode,
        ),
      );
    if (!conf && mine.inode !== hostInode)
      out.push(
        observationFinding(
          rule,
          ['config-linux.namespaces.inherit-when-absent'],
          `namespaces.${entry}`,
          `expected the runtime's ${type} namespace (inode ${hostInode}) since the type is not listed, found inode ${mine.inode}`,
          hostInode,
          mine.inode,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.namespaces.new-when-no-path',
  'config-linux.namespaces.inherit-when-absent',
  'config-linux.namespaces.pid',
  'config-linux.namespaces.network',
  'config-linux.namespaces.mount',
  'config-linux.namespaces.uts',
];

export const namespacesNewVsInherited = defineCase({
  id,
  group: 'namespaces',
  requirements,
  description:
    "lists pid, network, mount and uts but not ipc, and compares each namespace inode with the runtime's",
  build(config) {
    config.removeNamespace('ipc');
    // Without the hostname the config stays valid whatever happens to the uts entry.
    config.hostname(undefined);
  },
  async run(ctx) {
    const host = await hostNamespaceInodes();
    ctx.observe('hostNamespaces', host);
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkNamespaces(obs, ctx.bundle.config, host);
  },
});
