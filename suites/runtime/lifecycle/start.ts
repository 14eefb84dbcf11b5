// Lifecycle cases about start on a container that is not created (running, stopped, unknown, no id).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { defineCase } from '../../../harness/runtime/case.js';
import { createOk, probeEvents, startOk, checkUnchanged, stateOk, stoppedOk } from './util.js';

export const startRunning = defineCase({
  id: 'lifecycle.start.running-errors',
  group: 'lifecycle',
  requirements: ['runtime.start.not-created-error', 'runtime.start.not-created-no-effect'],
  description:
    'start on a running container fails, runs the program no second time and leaves the state as it was',
  build: (c) => c.probe('wait'),
  async run(ctx) {
    if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
    await ctx.waitForOutput(/"ready"/);
    const before = await stateOk(ctx, undefined, 'state before the second start');
    const again = await ctx.runtime.start();
    ctx.check.failed(again, {
      requirements: ['runtime.start.not-created-error'],
      what: 'start on a running container',
    });
    checkUnchanged(
      ctx,
      before,
      await ctx.runtime.state(),
      ['runtime.start.not-created-no-effect'],
      'state after start on a running container',
    );
    const ready = probeEvents(await ctx.output()).filter((e) => e.event === 'ready').length;
    ctx.check.equal(ready, 1, {
      requirements: ['runtime.start.not-created-no-effect'],
      what: 'times the program started',
    });
  },
});

export const startStopped = defineCase({
  id: 'lifecycle.start.stopped-errors',
  group: 'lifecycle',
  requirements: ['runtime.start.not-created-error', 'runtime.start.not-created-no-effect'],
  description: 'start on a stopped container fails, does not run the program again and leaves it stopped',
  build: (c) => c.probe('exit', ['0'], { marker: '/ran' }),
  async run(ctx) {
    if (!(await createOk(ctx)) || !(await startOk(ctx))) return;
    const w = await stoppedOk(ctx);
    if (!w.matched) return;
    const marker = ctx.bundle.hostPath('/ran');
    await rm(marker, { force: true });
    const before = w.last?.state;
    const again = await ctx.runtime.start();
    ctx.check.failed(again, {
      requirements: ['runtime.start.not-created-error'],
      what: 'start on a stopped container',
    });
    checkUnchanged(
      ctx,
      before,
      await ctx.runtime.state(),
      ['runtime.start.not-created-no-effect'],
      'state after start on a stopped container',
    );
    ctx.check.that(!existsSync(marker), {
      requirements: ['runtime.start.not-created-no-effect'],
      what: 'marker after start on a stopped container',
      message: 'start on a stopped container ran the program again (its marker file reappeared)',
    });
  },
});

export const startUnknown = defineCase({
  id: 'lifecycle.start.unknown-id',
  group: 'lifecycle',
  requirements: ['runtime.start.not-created-error', 'runtime.start.missing-id-error'],
  description: 'start of an id that names no container fails, and so does start without an id',
  async run(ctx) {
    const r = await ctx.runtime.start(ctx.newContainerId('unknown'));
    ctx.check.failed(r, {
      requirements: ['runtime.start.not-created-error'],
      what: 'start of an unknown id',
    });
    const m = await ctx.runtime.raw(['start']);
    ctx.check.failed(m, { requirements: ['runtime.start.missing-id-error'], what: 'start without an id' });
  },
});

export const startNoProcess = defineCase({
  id: 'lifecycle.start.no-process-errors',
  group: 'lifecycle',
  requirements: [
    'config.process.required-for-start',
    'runtime.start.no-process-error',
    'runtime.create.creates-container',
  ],
  description:
    'a config without process is created (process is required only when start is called); start then fails and leaves the container created',
  profiles: {
    'runc-compat':
      'config.md makes process OPTIONAL and REQUIRED only when start is called, so create must accept a config without it and start must fail; runc ("process property must not be empty") and crun refuse it at create already. The runc-compat profile accepts that error at create, with no container left.',
  },
  build: (c) => c.set('/process', undefined),
  async run(ctx) {
    const c = await ctx.runtime.create();
    if (ctx.profile === 'runc-compat' && c.exitCode !== 0) {
      ctx.note('runc-compat: create refused the config without process, as runc does');
      const s = await ctx.runtime.state();
      ctx.check.failed(s, {
        requirements: ['runtime.errors.no-side-effects'],
        what: 'state after the refused create',
      });
      return;
    }
    // SPEC: process is OPTIONAL in config.md ("REQUIRED when start is called"); refusing the config at
    // create denies a container the spec says can exist, so create must succeed and start must fail.
    if (
      !ctx.check.succeeded(c, {
        requirements: ['config.process.required-for-start', 'runtime.create.creates-container'],
        what: 'create with no process',
      })
    )
      return;
    const before = await stateOk(ctx, undefined, 'state before start');
    const s = await ctx.runtime.start();
    ctx.check.failed(s, { requirements: ['runtime.start.no-process-error'], what: 'start with no process' });
    checkUnchanged(
      ctx,
      before,
      await ctx.runtime.state(),
      ['runtime.errors.no-side-effects'],
      'state after start with no process',
    );
  },
});
