// Lifecycle cases about the config as create reads it: edits after create, unknown properties, invalid ociVersion.
import { existsSync } from 'node:fs';
import { defineCase } from '../../../harness/runtime/case.js';
import { createOk, readPidFile, startOk } from './util.js';

export const configEditAfterCreate = defineCase({
  id: 'lifecycle.config.edit-after-create',
  group: 'lifecycle',
  requirements: ['runtime.lifecycle.config-changes-after-create-ignored'],
  description:
    'rewriting config.json between create and start (other args, other marker) has no effect: start runs the program create saw',
  build: (c) => c.probe('exit', ['0'], { marker: '/original' }),
  async run(ctx) {
    if (!(await createOk(ctx))) return;
    const edited = structuredClone(ctx.bundle.config);
    edited.process!.args = ['/probe', '--marker', '/edited', 'exit', '0'];
    edited.hostname = 'edited';
    await ctx.bundle.writeConfig(edited);
    if (!(await startOk(ctx))) return;
    const original = await ctx.waitForFile(ctx.bundle.hostPath('/original'));
    await ctx.waitForStatus('stopped');
    const sawEdit = existsSync(ctx.bundle.hostPath('/edited'));
    ctx.observe('markers', { original, edited: sawEdit });
    ctx.check.that(original && !sawEdit, {
      requirements: ['runtime.lifecycle.config-changes-after-create-ignored'],
      what: 'program run by start',
      expected: 'the args config.json had at create (marker /original)',
      actual: sawEdit ? 'the edited args (marker /edited)' : 'no marker',
    });
  },
});

export const configUnknownProperties = defineCase({
  id: 'lifecycle.config.unknown-properties',
  group: 'lifecycle',
  requirements: ['config.extensibility.unknown-ignored', 'config.annotations.unknown-keys'],
  description:
    'unknown properties (top level, in process, in linux, in root) and an unknown annotation key are ignored: create and start succeed and the program runs',
  build: (c) =>
    c
      .probe('exit', ['0'], { marker: '/ran' })
      .set('/org.oci-conform.unknown', { nested: [1, 'two'] })
      .set('/process/orgOciConformUnknown', true)
      .set('/linux/orgOciConformUnknown', 'x')
      .set('/root/orgOciConformUnknown', 1)
      .annotation('org.oci-conform.unknown-key', 'value'),
  async run(ctx) {
    const c = await ctx.runtime.create();
    if (
      !ctx.check.succeeded(c, {
        requirements: ['config.extensibility.unknown-ignored'],
        what: 'create with unknown properties',
      })
    )
      return;
    if (!(await startOk(ctx))) return;
    const ran = await ctx.waitForFile(ctx.bundle.hostPath('/ran'));
    ctx.check.that(ran, {
      requirements: ['config.extensibility.unknown-ignored'],
      what: 'program run with unknown properties',
      message: 'the program did not run (no marker) although only unknown properties were added',
    });
  },
});

export const configInvalidOciVersion = defineCase({
  id: 'lifecycle.config.invalid-oci-version',
  group: 'lifecycle',
  requirements: [
    'config.valid-values.error',
    'config.ociVersion.semver',
    'runtime.create.apply-failure-error',
  ],
  description: "create with ociVersion 'invalid' (not SemVer) fails and makes no container (no pid file)",
  build: (c) => c.probe('exit', ['0'], { marker: '/ran' }).set('/ociVersion', 'invalid'),
  async run(ctx) {
    const r = await ctx.runtime.create();
    ctx.check.failed(r, {
      requirements: ['config.valid-values.error'],
      what: "create with ociVersion 'invalid'",
    });
    if (r.exitCode !== 0) {
      ctx.check.that((await readPidFile(r.pidFile)) === undefined, {
        requirements: ['runtime.create.apply-failure-error'],
        what: "pid file of create with ociVersion 'invalid'",
        message:
          "create with ociVersion 'invalid' reported an error but wrote a pid file (a container process was made)",
      });
    }
  },
});
