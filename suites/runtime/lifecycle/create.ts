// Lifecycle cases about create: ids (duplicate, empty, missing), and the user program held back until start.
import { existsSync } from 'node:fs';
import { defineCase } from '../../../harness/runtime/case.js';
import { checkUnchanged, createOk, readPidFile, startOk, stateOk } from './util.js';

export const createDuplicateId = defineCase({
  id: 'lifecycle.create.duplicate-id',
  group: 'lifecycle',
  requirements: [
    'runtime.create.id-not-unique-error',
    'runtime.state.id-unique-on-host',
    'runtime.errors.no-side-effects',
  ],
  description:
    'a second create with an id in use fails, starts no process, and leaves the first container as it was',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    const before = await stateOk(ctx, undefined, 'state before the duplicate create');
    const other = await ctx.makeBundle((c) => c.probe('wait', [], { marker: '/duplicate-ran' }));
    const dup = await ctx.runtime.create({ bundle: other, pidFile: `${other.dir}.pid` });
    ctx.check.failed(dup, {
      requirements: ['runtime.create.id-not-unique-error'],
      what: 'create with a duplicate id',
    });
    ctx.check.that(!existsSync(`${other.dir}.pid`), {
      requirements: ['runtime.create.id-not-unique-error'],
      what: 'pid file of the failed create',
      message: 'create with a duplicate id wrote a pid file: it made a container process',
      expected: 'no pid file',
      actual: await readPidFile(`${other.dir}.pid`),
    });
    const after = await ctx.runtime.state();
    ctx.observe('before', before);
    ctx.observe('after', after.state);
    checkUnchanged(
      ctx,
      before,
      after,
      ['runtime.errors.no-side-effects'],
      'state of the first container after the failed duplicate create',
    );
  },
});

export const createEmptyId = defineCase({
  id: 'lifecycle.create.empty-id',
  group: 'lifecycle',
  requirements: ['runtime.create.missing-args-error', 'runtime.create.id-invalid-error'],
  description: "create with an empty id ('') fails and makes no container (no pid file, state of '' fails)",
  build: (c) => c.probe('wait'),
  async run(ctx) {
    const r = await ctx.runtime.create({ id: '' });
    ctx.check.failed(r, { requirements: ['runtime.create.missing-args-error'], what: "create with id ''" });
    ctx.check.that((await readPidFile(r.pidFile)) === undefined, {
      requirements: ['runtime.create.id-invalid-error'],
      what: "pid file of create with id ''",
      message: "create with id '' wrote a pid file: it made a container process",
    });
    const s = await ctx.runtime.state('');
    ctx.check.failed(s, {
      requirements: ['runtime.create.id-invalid-error'],
      what: "state of id '' after the failed create",
    });
  },
});

export const createMissingId = defineCase({
  id: 'lifecycle.create.missing-id',
  group: 'lifecycle',
  requirements: ['runtime.create.missing-args-error'],
  description: 'create with --bundle but no id fails and makes no container (no pid file)',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    const r = await ctx.runtime.create({ id: null });
    ctx.check.failed(r, {
      requirements: ['runtime.create.missing-args-error'],
      what: 'create without an id',
    });
    ctx.check.that((await readPidFile(r.pidFile)) === undefined, {
      requirements: ['runtime.create.missing-args-error'],
      what: 'pid file of create without an id',
      message: 'create without an id wrote a pid file: it made a container process',
    });
  },
});

export const createProgramAtStart = defineCase({
  id: 'lifecycle.create.program-runs-at-start',
  group: 'lifecycle',
  requirements: [
    'runtime.lifecycle.create-no-user-program',
    'runtime.create.args-deferred-to-start',
    'runtime.start.runs-program',
    'runtime.lifecycle.run-user-program',
  ],
  description:
    'the user program (which writes a marker file) has not run when create returns and the state is created; start runs it',
  build: (c) => c.probe('exit', ['0'], { marker: '/ran' }),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    const marker = ctx.bundle.hostPath('/ran');
    const s = await stateOk(ctx);
    ctx.check.that(!existsSync(marker), {
      requirements: ['runtime.lifecycle.create-no-user-program', 'runtime.create.args-deferred-to-start'],
      what: 'marker after create',
      message: 'the user program ran before start: its marker file exists after create',
      expected: 'no marker',
      actual: 'marker present',
    });
    if (s)
      ctx.check.equal(s.status, 'created', {
        requirements: ['runtime.state.status-created'],
        what: 'status after create',
      });
    if (!(await startOk(ctx))) return;
    const ran = await ctx.waitForFile(marker);
    ctx.check.that(ran, {
      requirements: ['runtime.start.runs-program', 'runtime.lifecycle.run-user-program'],
      what: 'marker after start',
      message: 'start did not run the user program: no marker file appeared',
      expected: 'marker present',
      actual: 'no marker',
    });
  },
});
