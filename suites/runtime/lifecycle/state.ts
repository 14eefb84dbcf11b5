// Lifecycle cases about the state operation and document: transitions, pid, bundle, annotations, unknown ids.
import { isAbsolute, relative, resolve } from 'node:path';
import { readFile, realpath } from 'node:fs/promises';
import { defineCase } from '../../../harness/runtime/case.js';
import { createOk, readPidFile, startOk, stateOk, stoppedOk } from './util.js';

export const stateTransitions = defineCase({
  id: 'lifecycle.state.transitions',
  group: 'lifecycle',
  requirements: [
    'runtime.state.status-created',
    'runtime.state.status-running',
    'runtime.state.status-stopped',
    'runtime.state.id',
    'runtime.state.pid-linux',
    'runtime.state.ociVersion',
    'runtime.state.schema',
    'runtime.query-state.returns-state',
  ],
  description:
    'state reports created after create, running after start and stopped after kill KILL, with the id and a pid while alive; every document matches the state schema',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    const created = await stateOk(ctx, undefined, 'state after create');
    ctx.observe('created', created);
    if (created) {
      ctx.check.equal(created.status, 'created', {
        requirements: ['runtime.state.status-created'],
        what: 'status after create',
      });
      ctx.check.equal(created.id, ctx.containerId, { requirements: ['runtime.state.id'], what: 'id' });
      ctx.check.that(typeof created.pid === 'number' && created.pid > 0, {
        requirements: ['runtime.state.pid-linux'],
        what: 'pid after create',
        expected: 'a positive integer',
        actual: created.pid,
      });
    }
    if (!(await startOk(ctx))) return;
    await ctx.waitForOutput(/"ready"/);
    const running = await stateOk(ctx, undefined, 'state after start');
    ctx.observe('running', running);
    if (running) {
      ctx.check.equal(running.status, 'running', {
        requirements: ['runtime.state.status-running'],
        what: 'status after start',
      });
      ctx.check.that(typeof running.pid === 'number' && running.pid > 0, {
        requirements: ['runtime.state.pid-linux'],
        what: 'pid while running',
        expected: 'a positive integer',
        actual: running.pid,
      });
      if (typeof running.pid === 'number' && running.pid > 0) {
        // The pid is the container process as the runtime (host) sees it: the user program itself.
        const argv = await readFile(`/proc/${running.pid}/cmdline`, 'utf8')
          .then((t) => t.split('\0').filter(Boolean))
          .catch(() => undefined);
        ctx.observe('cmdline at state.pid', argv);
        ctx.check.equal(argv, ctx.bundle.config.process!.args, {
          requirements: ['runtime.state.pid-linux'],
          what: 'program running at state.pid',
        });
      }
    }
    const k = await ctx.runtime.kill('KILL');
    if (!ctx.check.succeeded(k, { requirements: ['runtime.kill.sends-signal'], what: 'kill KILL' })) return;
    const w = await stoppedOk(ctx, 'status after kill KILL');
    ctx.observe('stopped', w.last?.state);
  },
});

export const stateStoppedAfterExit = defineCase({
  id: 'lifecycle.state.stopped-after-exit',
  group: 'lifecycle',
  requirements: ['runtime.state.status-stopped', 'runtime.lifecycle.exit-causes'],
  description: 'when the container process exits by itself (exit 0) the status becomes stopped',
  build: (c) => c.probe('exit', ['0']),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    if (!(await startOk(ctx))) return;
    const w = await stoppedOk(ctx, 'status after the process exited');
    ctx.observe('state', w.last?.state);
  },
});

export const statePidFile = defineCase({
  id: 'lifecycle.state.pid-file',
  group: 'lifecycle',
  requirements: ['runtime.state.pid-linux'],
  description: 'the pid written to --pid-file by create equals state.pid, and names a live process',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    const c = await createOk(ctx);
    if (!c) return;
    const pid = await readPidFile(c.pidFile);
    const s = await stateOk(ctx);
    ctx.observe('pidFile', pid);
    ctx.observe('state.pid', s?.pid);
    ctx.check.that(pid !== undefined, {
      requirements: ['runtime.state.pid-linux'],
      what: 'pid file after create',
      expected: 'a positive integer',
      actual: pid,
    });
    if (s)
      ctx.check.equal(s.pid, pid, {
        requirements: ['runtime.state.pid-linux'],
        what: 'state.pid vs the pid file',
      });
  },
});

export const stateBundle = defineCase({
  id: 'lifecycle.state.bundle',
  group: 'lifecycle',
  requirements: ['runtime.state.bundle'],
  description:
    'state.bundle is the absolute path of the bundle, both when create got an absolute --bundle and when it got one relative to its working directory',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    const s = await stateOk(ctx);
    const real = await realpath(ctx.bundle.dir);
    const ok = (b: unknown) => typeof b === 'string' && isAbsolute(b) && (b === ctx.bundle.dir || b === real);
    if (s) {
      ctx.check.that(ok(s.bundle), {
        requirements: ['runtime.state.bundle'],
        what: 'state.bundle (absolute --bundle)',
        expected: ctx.bundle.dir,
        actual: s.bundle,
      });
    }
    // A second container from a second bundle, named relative to create's working directory.
    const other = await ctx.makeBundle((c) => c.probe('wait'));
    const cwd = resolve(other.dir, '..', '..');
    const id = ctx.newContainerId('relative');
    if (!(await createOk(ctx, { id, bundle: relative(cwd, other.dir), cwd }))) return;
    const s2 = await stateOk(ctx, id, 'state (relative --bundle)');
    const real2 = await realpath(other.dir);
    if (s2) {
      ctx.check.that(
        typeof s2.bundle === 'string' &&
          isAbsolute(s2.bundle) &&
          (s2.bundle === other.dir || s2.bundle === real2),
        {
          requirements: ['runtime.state.bundle'],
          what: 'state.bundle (relative --bundle)',
          expected: other.dir,
          actual: s2.bundle,
        },
      );
    }
  },
});

export const stateAnnotations = defineCase({
  id: 'lifecycle.state.annotations',
  group: 'lifecycle',
  requirements: ['runtime.state.annotations'],
  description: "the config's annotations appear in the state document",
  build: (c) =>
    c.probe('wait').annotation('org.oci-conform.case', 'annotations').annotation('org.oci-conform.empty', ''),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    const s = await stateOk(ctx);
    if (!s) return;
    ctx.check.equal(s.annotations, ctx.bundle.config.annotations, {
      requirements: ['runtime.state.annotations'],
      what: 'state.annotations',
    });
  },
});

export const stateUnknownId = defineCase({
  id: 'lifecycle.state.unknown-id',
  group: 'lifecycle',
  requirements: ['runtime.query-state.unknown-id-error', 'runtime.query-state.missing-id-error'],
  description: 'state of an id that names no container fails, and so does state without an id',
  async run(ctx) {
    const r = await ctx.runtime.state(ctx.newContainerId('unknown'));
    ctx.check.failed(r, {
      requirements: ['runtime.query-state.unknown-id-error'],
      what: 'state of an unknown id',
    });
    const m = await ctx.runtime.raw(['state']);
    ctx.check.failed(m, {
      requirements: ['runtime.query-state.missing-id-error'],
      what: 'state without an id',
    });
  },
});
