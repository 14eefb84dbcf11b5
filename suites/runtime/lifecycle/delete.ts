// Lifecycle cases about delete: not-stopped containers (running, created: a spec/runc difference), removal
// of the resources create made (its cgroup) but not of pre-existing ones, and unknown ids.
import {
  createCgroupDirs,
  dirsForCgroupsPath,
  existingDirs,
  hostFs,
} from '../../../harness/runtime/cgroups.js';
import { need } from '../../../harness/runtime/preflight.js';
import { defineCase } from '../../../harness/runtime/case.js';
import { createOk, processState, readPidFile, startOk, checkUnchanged, stateOk, stoppedOk } from './util.js';

export const deleteRunning = defineCase({
  id: 'lifecycle.delete.running-errors',
  group: 'lifecycle',
  requirements: ['runtime.delete.not-stopped-error', 'runtime.delete.not-stopped-no-effect'],
  description:
    'delete (without --force) on a running container fails; the container keeps running with the same pid',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
    await ctx.waitForOutput(/"ready"/);
    const before = await stateOk(ctx, undefined, 'state before delete');
    const d = await ctx.runtime.delete();
    ctx.check.failed(d, {
      requirements: ['runtime.delete.not-stopped-error'],
      what: 'delete on a running container',
    });
    checkUnchanged(
      ctx,
      before,
      await ctx.runtime.state(),
      ['runtime.delete.not-stopped-no-effect'],
      'state after delete on a running container',
    );
    if (typeof before?.pid === 'number') {
      const st = await processState(before.pid);
      ctx.observe('process state after delete', st ?? 'gone');
      ctx.check.that(st !== undefined && st !== 'Z', {
        requirements: ['runtime.delete.not-stopped-no-effect'],
        what: 'container process after delete on a running container',
        expected: 'alive',
        actual: st ?? 'gone',
      });
    }
  },
});

export const deleteCreated = defineCase({
  id: 'lifecycle.delete.created-errors',
  group: 'lifecycle',
  requirements: ['runtime.delete.not-stopped-error', 'runtime.delete.not-stopped-no-effect'],
  description:
    'delete (without --force) on a created container fails and leaves it created (spec); under runc-compat it removes the container',
  profiles: {
    'runc-compat':
      "runtime.md says delete of a container that is not stopped MUST fail; runc, crun and youki delete a created container (runc's convention, used by container managers to discard a container that was never started). The runc-compat profile expects the container to be gone after delete.",
  },
  build: (c) => c.probe('wait'),
  async run(ctx) {
    const c = await createOk(ctx);
    if (!c) return;
    const before = await stateOk(ctx, undefined, 'state before delete');
    const d = await ctx.runtime.delete();
    if (ctx.profile === 'runc-compat') {
      ctx.note('runc-compat: expecting delete of a created container to succeed and remove it');
      ctx.check.succeeded(d, {
        requirements: ['runtime.delete.not-stopped-error'],
        what: 'delete on a created container (runc-compat)',
      });
      const s = await ctx.runtime.state();
      ctx.check.failed(s, {
        requirements: ['runtime.delete.not-stopped-no-effect'],
        what: 'state after delete (runc-compat)',
      });
      return;
    }
    ctx.check.failed(d, {
      requirements: ['runtime.delete.not-stopped-error'],
      what: 'delete on a created container',
    });
    checkUnchanged(
      ctx,
      before,
      await ctx.runtime.state(),
      ['runtime.delete.not-stopped-no-effect'],
      'state after delete on a created container',
    );
    const pid = await readPidFile(c.pidFile);
    if (pid !== undefined) {
      const st = await processState(pid);
      ctx.check.that(st !== undefined && st !== 'Z', {
        requirements: ['runtime.delete.not-stopped-no-effect'],
        what: 'container process after delete on a created container',
        expected: 'alive',
        actual: st ?? 'gone',
      });
    }
  },
});

export const deleteRemovesCgroup = defineCase({
  id: 'lifecycle.delete.removes-created-cgroup',
  group: 'lifecycle',
  requirements: ['runtime.delete.removes-created-resources', 'runtime.lifecycle.destroy-undo-create'],
  description:
    'delete of a stopped container succeeds, the container is gone, and the cgroup create made for linux.cgroupsPath is removed',
  needs: (host) => need.root(host) ?? need.cgroups(host),
  build: (c) => c.probe('exit', ['0']),
  async run(ctx) {
    const fs = hostFs();
    const path = ctx.bundle.cgroupsPath!;
    const candidates = dirsForCgroupsPath(path, ctx.host.cgroupMounts);
    if (!(await createOk(ctx))) return;
    const made = await existingDirs(fs, candidates);
    ctx.observe('cgroup dirs after create', made);
    if (
      !ctx.check.that(made.length > 0, {
        requirements: ['runtime.lifecycle.create-resources'],
        what: 'cgroup dirs after create',
        message: `expected create to make the cgroup ${path} in at least one hierarchy but found none`,
      })
    )
      return;
    if (!(await startOk(ctx))) return;
    if (!(await stoppedOk(ctx)).matched) return;
    const d = await ctx.runtime.delete();
    if (
      !ctx.check.succeeded(d, {
        requirements: ['runtime.delete.removes-created-resources'],
        what: 'delete on a stopped container',
      })
    )
      return;
    const s = await ctx.runtime.state();
    ctx.check.failed(s, {
      requirements: ['runtime.delete.removes-created-resources'],
      what: 'state after delete',
    });
    // SPEC: we require the leaf cgroup (cgroupsPath itself) to be gone; parents a runtime made on the way may
    // be shared with other containers, and runtimes keep them.
    const left = await existingDirs(fs, made);
    ctx.observe('cgroup dirs after delete', left);
    ctx.check.equal(left, [], {
      requirements: ['runtime.delete.removes-created-resources'],
      what: 'cgroup dirs left after delete',
    });
  },
});

export const deleteKeepsForeignCgroup = defineCase({
  id: 'lifecycle.delete.keeps-existing-cgroup',
  group: 'lifecycle',
  requirements: ['runtime.delete.keeps-foreign-resources'],
  description:
    'when linux.cgroupsPath names a cgroup that existed before create, delete of the stopped container leaves that cgroup in place',
  needs: (host) => need.root(host) ?? need.cgroups(host),
  build: (c) => c.probe('exit', ['0']),
  async run(ctx) {
    const fs = hostFs();
    const existing = await createCgroupDirs(fs, ctx.bundle.cgroupsPath!, ctx.host.cgroupMounts);
    ctx.observe('pre-existing cgroup dirs', existing);
    if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
    if (!(await stoppedOk(ctx)).matched) return;
    const d = await ctx.runtime.delete();
    if (
      !ctx.check.succeeded(d, {
        requirements: ['runtime.delete.removes-created-resources'],
        what: 'delete on a stopped container',
      })
    )
      return;
    const kept = await existingDirs(fs, existing);
    const gone = existing.filter((e) => !kept.includes(e));
    ctx.observe('pre-existing cgroup dirs removed by delete', gone);
    ctx.check.equal(gone, [], {
      requirements: ['runtime.delete.keeps-foreign-resources'],
      what: 'pre-existing cgroup dirs removed by delete',
    });
  },
});

export const deleteUnknown = defineCase({
  id: 'lifecycle.delete.unknown-id',
  group: 'lifecycle',
  requirements: ['runtime.delete.not-stopped-error', 'runtime.delete.missing-id-error'],
  description: 'delete of an id that names no container fails, and so does delete without an id',
  async run(ctx) {
    // SPEC: the spec says nothing of unknown ids for delete; an id that names no container is not a stopped
    // container, so we hold delete to the not-stopped rule (runc and crun both fail without --force).
    const r = await ctx.runtime.delete({ id: ctx.newContainerId('unknown') });
    ctx.check.failed(r, {
      requirements: ['runtime.delete.not-stopped-error'],
      what: 'delete of an unknown id',
    });
    const m = await ctx.runtime.raw(['delete']);
    ctx.check.failed(m, { requirements: ['runtime.delete.missing-id-error'], what: 'delete without an id' });
  },
});

export const deleteIdReuse = defineCase({
  id: 'lifecycle.delete.id-reuse',
  group: 'lifecycle',
  requirements: ['runtime.delete.id-reuse', 'runtime.delete.removes-created-resources'],
  description:
    'after delete of a stopped container its id is free: a new create with the same id makes a new container',
  build: (c) => c.probe('exit', ['0']),
  async run(ctx) {
    if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
    if (!(await stoppedOk(ctx)).matched) return;
    const d = await ctx.runtime.delete();
    if (
      !ctx.check.succeeded(d, {
        requirements: ['runtime.delete.removes-created-resources'],
        what: 'delete on a stopped container',
      })
    )
      return;
    const second = await ctx.makeBundle((c) => c.probe('wait'));
    const again = await ctx.runtime.create({ bundle: second });
    if (
      !ctx.check.succeeded(again, {
        requirements: ['runtime.delete.id-reuse'],
        what: 'create with the id of a deleted container',
      })
    )
      return;
    const s = await stateOk(ctx, undefined, 'state of the new container');
    if (s)
      ctx.check.equal(s.bundle, second.dir, {
        requirements: ['runtime.delete.id-reuse'],
        what: 'bundle of the new container',
      });
  },
});
