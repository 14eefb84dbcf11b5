// process.container-process-state: with a seccomp SCMP_ACT_NOTIFY rule and linux.seccomp.listenerPath,
// the runtime connects to the listener and sends the container process state (config-linux.md "The
// Container Process State"): a JSON payload with the seccomp fd passed by SCM_RIGHTS.
import type { Finding } from '../../../model/report.js';
import { startFdReceiver, type FdReceipt } from '../../../harness/runtime/fd-socket.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'process.container-process-state';

export const listenerMetadata = 'oci-conform-metadata';

/** A syscall the probe's report never makes, so the notify rule never blocks it. */
export const notifiedSyscall = 'swapoff';

/** Compares the received messages with config-linux.md; `statePid` is what `state` reported after create. */
export function checkContainerProcessState(
  receipt: FdReceipt | undefined,
  expect: { containerId: string; statePid: number | undefined },
): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  if (!receipt || !receipt.connected || receipt.messages.length === 0) {
    f(
      ['config-linux.cps.payload-and-fds'],
      'connection',
      `expected the runtime to connect to the seccomp listener and send the container process state, found ${!receipt ? 'nothing received' : receipt.connected ? 'no message' : 'no connection'}`,
      'a message',
      receipt?.messages ?? null,
    );
    return out;
  }
  const later = receipt.messages.slice(1).filter((m) => m.fds > 0);
  if (later.length > 0)
    f(
      ['config-linux.cps.fds-in-first-message'],
      'fds in later messages',
      `expected fds only with the first sendmsg, found them in later messages too`,
      'fds in message 1 only',
      receipt.messages,
    );
  let s: Record<string, unknown> | undefined;
  try {
    const v = JSON.parse(receipt.payload) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) s = v as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  if (!s) {
    f(
      ['config-linux.cps.payload-and-fds'],
      'payload',
      `expected a JSON object as the payload, found ${JSON.stringify(receipt.payload.slice(0, 200))}`,
      'JSON object',
      receipt.payload.slice(0, 200),
    );
    return out;
  }
  const names = Array.isArray(s.fds) ? s.fds : [];
  if (receipt.fds.length === 0 || names.length !== receipt.fds.length)
    f(
      ['config-linux.cps.payload-and-fds'],
      'fds',
      `expected the seccomp fd sent by SCM_RIGHTS and named in fds, found ${receipt.fds.length} fd(s) received and fds ${JSON.stringify(s.fds)}`,
      'one fd per fds entry, at least one',
      { received: receipt.fds.map((d) => d.link), fds: s.fds ?? null },
    );
  const st = s.state as Record<string, unknown> | undefined;
  const missing = [
    typeof s.ociVersion !== 'string' && 'ociVersion',
    (typeof s.pid !== 'number' || !Number.isInteger(s.pid)) && 'pid',
    (typeof st !== 'object' || st === null || Array.isArray(st)) && 'state',
  ].filter((x): x is string => x !== false);
  if (missing.length > 0 || st?.id !== expect.containerId)
    f(
      ['config-linux.cps.fields'],
      'fields',
      `expected ociVersion, pid and the state of container ${expect.containerId}, found ${missing.length ? `${missing.join(', ')} missing or of the wrong type` : `state.id ${JSON.stringify(st?.id)}`}`,
      { ociVersion: 'string', pid: 'integer', state: { id: expect.containerId } },
      { ociVersion: s.ociVersion, pid: s.pid, stateId: st?.id },
    );
  if (typeof s.pid === 'number' && expect.statePid !== undefined && s.pid !== expect.statePid)
    f(
      ['config-linux.cps.pid-runtime-view'],
      'pid',
      `expected pid ${expect.statePid} (the container process as the runtime's state reports it), found ${s.pid}`,
      expect.statePid,
      s.pid,
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config-linux.cps.payload-and-fds',
  'config-linux.cps.fds-in-first-message',
  'config-linux.cps.fields',
  'config-linux.cps.pid-runtime-view',
];

export const processContainerProcessState = defineCase({
  id,
  group: 'process',
  requirements,
  since: '1.1.0',
  description: `a seccomp ${notifiedSyscall} notify rule with listenerPath: the runtime sends the container process state JSON with the seccomp fd by SCM_RIGHTS`,
  needs(host) {
    return host.capabilities && !host.capabilities.includes('CAP_SYS_ADMIN')
      ? 'a seccomp filter without no_new_privs needs CAP_SYS_ADMIN'
      : null;
  },
  build(config) {
    config.set('/ociVersion', '1.1.0');
  },
  async run(ctx) {
    const rx = await startFdReceiver(ctx.bundle.hostPath(ctx.probe), 15_000);
    ctx.defer(() => rx.close());
    const config = structuredClone(ctx.bundle.config);
    config.linux = {
      ...config.linux,
      seccomp: {
        defaultAction: 'SCMP_ACT_ALLOW',
        listenerPath: rx.socket,
        listenerMetadata,
        syscalls: [{ names: [notifiedSyscall], action: 'SCMP_ACT_NOTIFY' }],
      },
    };
    await ctx.bundle.writeConfig(config);
    const created = await ctx.runtime.create();
    if (
      !ctx.check.succeeded(created, {
        requirements: ['config-linux.cps.payload-and-fds'],
        what: 'create with a seccomp listener',
      })
    )
      return;
    const st = await ctx.runtime.state();
    const statePid = typeof st.state?.pid === 'number' ? st.state.pid : undefined;
    // SPEC: the spec does not say when the state is sent; runc sends it during create, crun when it loads
    // the filter just before the user program runs, so the container is started first.
    await ctx.runtime.start();
    // Once the probe has run and stopped, a state not yet sent will never come: stop waiting shortly after.
    await ctx.waitForStatus('stopped');
    let receipt: FdReceipt | undefined;
    try {
      receipt = await rx.settle(2_000);
    } catch (e) {
      ctx.note((e as Error).message);
    }
    ctx.observe('listener', receipt);
    return checkContainerProcessState(receipt, { containerId: ctx.containerId, statePid });
  },
});
