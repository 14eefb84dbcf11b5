// rdt.*: linux.intelRdt (config-linux.md "IntelRdt") observed from the host's resctrl tree: the group the
// runtime makes or joins, its schemata and tasks, the MON group, what delete removes; and the error a
// runtime must give when no resctrl file system is mounted.
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { hostFs } from '../../../harness/runtime/cgroups.js';
import { need } from '../../../harness/runtime/preflight.js';
import { readResctrlGroup, resctrlGroupDir, resctrlGroups } from '../../../harness/runtime/resctrl.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';
import { join } from 'node:path';
import {
  checkPlaced,
  checkPresence,
  checkSchemata,
  checkUnchanged,
  schemaValuesFor,
  type SchemaFields,
} from './checks.js';

const fs = hostFs();

/** Creates a container from a bundle with `intelRdt`; returns its id, the create record and its pid. */
async function createWith(
  ctx: CaseContext,
  intelRdt: Record<string, unknown> | undefined,
  tag: string,
): Promise<{
  id: string;
  ok: boolean;
  pid: number | undefined;
  created: Awaited<ReturnType<CaseContext['runtime']['create']>>;
}> {
  const bundle = await ctx.makeBundle((c) => {
    // SPEC: schemata and enableMonitoring are 1.3.0 fields; the config declares the version it uses.
    if (intelRdt && ('schemata' in intelRdt || 'enableMonitoring' in intelRdt)) c.set('/ociVersion', '1.3.0');
    if (intelRdt) c.set('/linux/intelRdt', intelRdt);
  });
  const id = ctx.newContainerId(tag);
  const created = await ctx.runtime.create({ id, bundle });
  let pid: number | undefined;
  if (created.exitCode === 0) {
    const st = await ctx.runtime.state(id);
    pid = typeof st.state?.pid === 'number' ? st.state.pid : undefined;
  }
  return { id, ok: created.exitCode === 0, pid, created };
}

/** Removes a group the harness made or a runtime left (MON groups first), at teardown. */
function removeLater(ctx: CaseContext, dir: string): void {
  ctx.defer(async () => {
    try {
      for (const m of await fs.readdir(join(dir, 'mon_groups'))) await fs.rmdir(join(dir, 'mon_groups', m));
    } catch {
      /* no MON groups */
    }
    try {
      await fs.rmdir(dir);
    } catch {
      /* already gone */
    }
  });
}

const ownReqs: RuntimeRequirementId[] = [
  'config-linux.intelRdt.default-closID-is-id',
  'config-linux.intelRdt.write-tasks',
  'config-linux.intelRdt.both-schemas-written',
  'config-linux.intelRdt.schemata-written-last',
  'config-linux.intelRdt.monitoring-group',
  'config-linux.intelRdt.monitoring-delete',
  'config-linux.intelRdt.remove-own-dir',
  'config-linux.intelRdt.unset-no-touch',
];

export const rdtOwnGroup = defineCase({
  id: 'rdt.own-group',
  group: 'rdt',
  requirements: ownReqs,
  description:
    'intelRdt without closID, with l3CacheSchema, memBwSchema, schemata and enableMonitoring: the runtime makes a group named after the container id holding its pid, writes the schemata in order, makes the MON group and removes both at delete; a container without intelRdt leaves resctrl alone',
  needs: (host) => need.resctrl(host),
  async run(ctx) {
    const root = ctx.host.resctrl!;
    const rule = 'rdt.own-group';
    const out: Finding[] = [];
    const rootGroup = await readResctrlGroup(fs, root, '/');
    if (!rootGroup) throw new Error(`expected the resctrl root at ${root}, found no directory`);
    const { both } = schemaValuesFor(rootGroup);
    ctx.observe('schema fields', both);
    // A container without intelRdt first: the groups and the root schemata stay as they were.
    const groupsBefore = await resctrlGroups(fs, root);
    const plain = await createWith(ctx, undefined, 'plain');
    ctx.check.succeeded(plain.created, {
      requirements: ['config-linux.intelRdt.unset-no-touch'],
      what: 'create without intelRdt',
    });
    out.push(
      ...checkUnchanged(rule, 'resctrl groups', groupsBefore, await resctrlGroups(fs, root), [
        'config-linux.intelRdt.unset-no-touch',
      ]),
      ...checkUnchanged(
        rule,
        'root schemata',
        rootGroup.schemata,
        (await readResctrlGroup(fs, root, '/'))?.schemata ?? [],
        ['config-linux.intelRdt.unset-no-touch'],
      ),
    );
    const c = await createWith(ctx, { ...both, enableMonitoring: true }, 'rdt');
    const dir = resctrlGroupDir(root, c.id);
    removeLater(ctx, dir);
    if (
      !ctx.check.succeeded(c.created, { requirements: ownReqs.slice(0, 5), what: 'create with intelRdt' }) ||
      !c.pid
    )
      return out;
    const g = await readResctrlGroup(fs, root, c.id);
    ctx.observe('group after create', g);
    out.push(
      ...checkPlaced(rule, g, c.pid, c.id, [
        'config-linux.intelRdt.default-closID-is-id',
        'config-linux.intelRdt.write-tasks',
      ]),
      ...checkSchemata(rule, g, both),
      ...checkPresence(
        rule,
        `mon_groups/${c.id}`,
        g?.monGroups.includes(c.id) ?? false,
        true,
        ['config-linux.intelRdt.monitoring-group'],
        'after create with enableMonitoring',
      ),
    );
    await ctx.runtime.kill('KILL', c.id);
    await ctx.waitForStatus('stopped', { id: c.id });
    const del = await ctx.runtime.delete({ id: c.id });
    if (!ctx.check.succeeded(del, { requirements: ['config-linux.intelRdt.remove-own-dir'], what: 'delete' }))
      return out;
    const after = await fs.isDirectory(dir);
    const monAfter = await fs.isDirectory(join(dir, 'mon_groups', c.id));
    out.push(
      ...checkPresence(
        rule,
        `group ${c.id}`,
        after,
        false,
        ['config-linux.intelRdt.remove-own-dir'],
        'after delete',
      ),
      ...checkPresence(
        rule,
        `MON group ${c.id}`,
        monAfter,
        false,
        ['config-linux.intelRdt.monitoring-delete'],
        'after delete',
      ),
    );
    return out;
  },
});

const closReqs: RuntimeRequirementId[] = [
  'config-linux.intelRdt.closID-create',
  'config-linux.intelRdt.one-schema-written',
  'config-linux.intelRdt.keep-foreign-dir',
  'config-linux.intelRdt.closID-compare',
  'config-linux.intelRdt.closID-preconfigured',
  'config-linux.intelRdt.no-schema-no-write',
  'config-linux.intelRdt.closID-root',
  'config-linux.intelRdt.monitoring-fail-error',
];

export const rdtClosID = defineCase({
  id: 'rdt.closid',
  group: 'rdt',
  requirements: closReqs,
  description:
    'intelRdt with closID: a missing group is created with the schema and kept at delete; an existing group with other schemata fails create; without schema fields the group must exist, is joined and its schemata left alone; closID / is the root; a MON group that cannot be made fails create',
  needs: (host) => need.resctrl(host),
  timeoutMs: 60_000,
  async run(ctx) {
    const root = ctx.host.resctrl!;
    const rule = 'rdt.closid';
    const out: Finding[] = [];
    const rootGroup = await readResctrlGroup(fs, root, '/');
    if (!rootGroup) throw new Error(`expected the resctrl root at ${root}, found no directory`);
    const { one, mismatch } = schemaValuesFor(rootGroup);
    const clos = (tag: string) => `oci-conform-${ctx.containerId}-${tag}`.slice(0, 60);

    // A missing closID group with one schema field: created, written, kept at delete.
    const made = clos('made');
    removeLater(ctx, resctrlGroupDir(root, made));
    const a = await createWith(ctx, { closID: made, ...one }, 'made');
    if (
      ctx.check.succeeded(a.created, {
        requirements: ['config-linux.intelRdt.closID-create'],
        what: 'create with a new closID',
      }) &&
      a.pid
    ) {
      const g = await readResctrlGroup(fs, root, made);
      out.push(
        ...checkPlaced(rule, g, a.pid, made, ['config-linux.intelRdt.closID-create']),
        ...checkSchemata(rule, g, one),
      );
      await ctx.runtime.delete({ id: a.id, force: true });
      out.push(
        ...checkPresence(
          rule,
          `group ${made}`,
          await fs.isDirectory(resctrlGroupDir(root, made)),
          true,
          ['config-linux.intelRdt.keep-foreign-dir'],
          'after delete (closID was given)',
        ),
      );
    }

    // An existing group (made by the harness, full schemata) and a config whose schema differs: create fails.
    const pre = clos('pre');
    await fs.mkdir(resctrlGroupDir(root, pre));
    removeLater(ctx, resctrlGroupDir(root, pre));
    const preSchemata = (await readResctrlGroup(fs, root, pre))?.schemata ?? [];
    const b = await createWith(ctx, { closID: pre, ...mismatch }, 'cmp');
    ctx.check.failed(b.created, {
      requirements: ['config-linux.intelRdt.closID-compare'],
      what: 'create with a closID whose schemata differ',
    });

    // closID without schema fields: a missing group is an error, an existing one is joined untouched.
    const c = await createWith(ctx, { closID: clos('missing') }, 'missing');
    removeLater(ctx, resctrlGroupDir(root, clos('missing')));
    ctx.check.failed(c.created, {
      requirements: ['config-linux.intelRdt.closID-preconfigured'],
      what: 'create with a missing preconfigured closID',
    });
    const d = await createWith(ctx, { closID: pre }, 'join');
    if (
      ctx.check.succeeded(d.created, {
        requirements: ['config-linux.intelRdt.closID-preconfigured'],
        what: 'create with an existing closID',
      }) &&
      d.pid
    ) {
      const g = await readResctrlGroup(fs, root, pre);
      out.push(
        ...checkPlaced(rule, g, d.pid, pre, ['config-linux.intelRdt.closID-preconfigured']),
        ...checkUnchanged(rule, `schemata of ${pre}`, preSchemata, g?.schemata ?? [], [
          'config-linux.intelRdt.no-schema-no-write',
        ]),
      );
      await ctx.runtime.delete({ id: d.id, force: true });
    }

    // closID "/": the root group.
    const e = await createWith(ctx, { closID: '/' }, 'root');
    if (
      ctx.check.succeeded(e.created, {
        requirements: ['config-linux.intelRdt.closID-root'],
        what: 'create with closID /',
      }) &&
      e.pid
    )
      out.push(
        ...checkPlaced(rule, await readResctrlGroup(fs, root, '/'), e.pid, '/', [
          'config-linux.intelRdt.closID-root',
        ]),
      );

    // A MON group that cannot be made (its directory already exists): create fails.
    const fid = ctx.newContainerId('mon');
    const bundle = await ctx.makeBundle((cfg) => {
      cfg.set('/ociVersion', '1.3.0');
      cfg.set('/linux/intelRdt', { closID: pre, enableMonitoring: true });
    });
    await fs.mkdir(join(resctrlGroupDir(root, pre), 'mon_groups', fid));
    const f = await ctx.runtime.create({ id: fid, bundle });
    ctx.check.failed(f, {
      requirements: ['config-linux.intelRdt.monitoring-fail-error'],
      what: 'create when the MON group cannot be made',
    });
    return out;
  },
});

export const rdtNoResctrlError = defineCase({
  id: 'rdt.no-resctrl-error',
  group: 'rdt',
  requirements: ['config-linux.intelRdt.no-resctrl-error'],
  description:
    'intelRdt set on a host without a mounted resctrl file system: create fails and leaves no container',
  needs: (host) =>
    host.resctrl ? `resctrl is mounted at ${host.resctrl}: the error needs a host without it` : null,
  build(config) {
    config.set('/linux/intelRdt', { l3CacheSchema: 'L3:0=f' } satisfies SchemaFields);
  },
  async run(ctx) {
    const created = await ctx.runtime.create();
    ctx.check.failed(created, {
      requirements: ['config-linux.intelRdt.no-resctrl-error'],
      what: 'create with intelRdt and no resctrl',
    });
  },
});
