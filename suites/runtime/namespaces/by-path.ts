// namespaces.path-join: uts, ipc and network namespaces the harness made (unshare, bind-mounted on files in
// the case dir) are joined by path. namespaces.path-wrong-type: an ipc entry whose path is a uts namespace
// fails create. namespaces.duplicate-error: two pid entries fail create.
import { existsSync } from 'node:fs';
import { stat, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../../model/report.js';
import {
  parseObservation,
  type NamespaceKind,
  type Observation,
} from '../../../harness/probe/observation.js';
import { runCommand } from '../../../harness/runtime/driver.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase, type CaseContext, type RuntimeConfig } from '../../../harness/runtime/case.js';
import { nsEntryOf } from './new-vs-inherited.js';

/** The types joined by path: each lives on after unshare exits because a file holds it (no process needed). */
export const joinedTypes = ['uts', 'ipc', 'network'] as const;
type JoinedType = (typeof joinedTypes)[number];

const unshareFlag: Record<JoinedType, string> = { uts: '--uts', ipc: '--ipc', network: '--net' };

/**
 * Makes persistent namespaces of `types` with unshare(1), each bind-mounted on a file in the case's bundle
 * dir, and registers their clean-up (unmount, remove). Returns type -> file and the inode of each.
 */
export async function makeNamespaces(
  ctx: CaseContext,
  types: readonly JoinedType[],
): Promise<Record<string, { path: string; inode: number }>> {
  const out: Record<string, { path: string; inode: number }> = {};
  const args: string[] = [];
  for (const t of types) {
    const path = join(ctx.bundle.dir, `..`, `ns-${t}-${ctx.containerId}`);
    await writeFile(path, '');
    args.push(`${unshareFlag[t]}=${path}`);
    out[t] = { path, inode: 0 };
  }
  ctx.defer(async () => {
    for (const { path } of Object.values(out)) {
      await runCommand('umount', [path], { timeoutMs: 5000 });
      await rm(path, { force: true });
    }
  });
  const made = await runCommand('unshare', [...args, 'true'], { timeoutMs: 10_000 });
  if (made.exitCode !== 0)
    throw new Error(`unshare ${args.join(' ')} failed (exit ${made.exitCode}): ${made.stderr.trim()}`);
  for (const v of Object.values(out)) v.inode = (await stat(v.path)).ino;
  ctx.observe('harnessNamespaces', out);
  return out;
}

/** Each joined type's inode in the container against the namespace file's. */
export function checkJoined(
  obs: Observation,
  expected: Record<string, { path: string; inode: number }>,
): Finding[] {
  const out: Finding[] = [];
  for (const [type, { path, inode }] of Object.entries(expected)) {
    const entry: NamespaceKind = nsEntryOf[type]!;
    const mine = obs.namespaces[entry];
    if (mine?.inode !== inode)
      out.push(
        observationFinding(
          'namespaces.path-join',
          ['config-linux.namespaces.path-join'],
          `namespaces.${entry}`,
          `expected the ${type} namespace at ${path} (inode ${inode}), found ${mine ? `inode ${mine.inode}` : 'none'}`,
          inode,
          mine?.inode ?? null,
        ),
      );
  }
  return out;
}

const hasUnshare = (): string | null =>
  ['/usr/bin/unshare', '/bin/unshare'].some((p) => existsSync(p))
    ? null
    : 'needs unshare(1) (util-linux) to make the namespaces to join';

const joinRequirements: RuntimeRequirementId[] = ['config-linux.namespaces.path-join'];

export const namespacesPathJoin = defineCase({
  id: 'namespaces.path-join',
  group: 'namespaces',
  requirements: joinRequirements,
  description:
    'joins uts, ipc and network namespaces the harness made with unshare (bind-mounted on files) and compares the inodes',
  needs: hasUnshare,
  async run(ctx) {
    const made = await makeNamespaces(ctx, joinedTypes);
    const config: RuntimeConfig = structuredClone(ctx.bundle.config);
    config.linux!.namespaces = (config.linux!.namespaces ?? []).map((n) =>
      made[n.type] ? { type: n.type, path: made[n.type]!.path } : n,
    );
    await ctx.bundle.writeConfig(config);
    const out = await runToCompletion(ctx, joinRequirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkJoined(obs, made);
  },
});

const wrongTypeRequirements: RuntimeRequirementId[] = ['config-linux.namespaces.path-type-mismatch-error'];

export const namespacesPathWrongType = defineCase({
  id: 'namespaces.path-wrong-type',
  group: 'namespaces',
  requirements: wrongTypeRequirements,
  description:
    'gives the ipc entry the path of a uts namespace (made by the harness) and expects create to fail',
  needs: hasUnshare,
  async run(ctx) {
    const made = await makeNamespaces(ctx, ['uts']);
    const config: RuntimeConfig = structuredClone(ctx.bundle.config);
    config.linux!.namespaces = (config.linux!.namespaces ?? []).map((n) =>
      n.type === 'ipc' ? { type: 'ipc', path: made.uts!.path } : n,
    );
    await ctx.bundle.writeConfig(config);
    const created = await ctx.runtime.create();
    ctx.check.failed(created, {
      requirements: wrongTypeRequirements,
      what: 'create with an ipc namespace path that is a uts namespace',
    });
  },
});

const duplicateRequirements: RuntimeRequirementId[] = ['config-linux.namespaces.duplicate-error'];

export const namespacesDuplicate = defineCase({
  id: 'namespaces.duplicate-error',
  group: 'namespaces',
  requirements: duplicateRequirements,
  description: 'lists the pid namespace twice and expects create to fail',
  build(config) {
    config.set('/linux/namespaces/-', { type: 'pid' });
  },
  async run(ctx) {
    const created = await ctx.runtime.create();
    ctx.check.failed(created, {
      requirements: duplicateRequirements,
      what: 'create with two pid entries in linux.namespaces',
    });
  },
});
