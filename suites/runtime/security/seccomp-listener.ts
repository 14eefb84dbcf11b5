// security.seccomp-listener: a SCMP_ACT_NOTIFY rule with linux.seccomp.listenerPath (config-linux.md "Seccomp"):
// the runtime connects to the harness's SOCK_STREAM listener, sends one container process state with the
// seccomp fd named seccompFd, closes the connection; a listenerPath nobody listens on fails the container.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../../model/report.js';
import { startFdReceiver, type FdReceipt } from '../../../harness/runtime/fd-socket.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'security.seccomp-listener';

/** A syscall the probe's report never makes, so the notify rule never blocks it. */
const notifiedSyscall = 'swapoff';

const requirements: RuntimeRequirementId[] = [
  'config-linux.seccomp.listener-socket-type',
  'config-linux.seccomp.listener-seccompFd',
  'config-linux.seccomp.listener-one-state-per-connection',
  'config-linux.seccomp.listener-close-no-reuse',
  'config-linux.seccomp.listener-send-fail-error',
];

/** Compares what the listener received on its one connection with the listenerPath rules. */
export function checkListenerReceipt(receipt: FdReceipt | undefined): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  if (!receipt || !receipt.connected || receipt.messages.length === 0) {
    f(
      ['config-linux.seccomp.listener-socket-type', 'config-linux.seccomp.listener-seccompFd'],
      'connection',
      `expected the runtime to connect to the AF_UNIX SOCK_STREAM listener and send the container process state, found ${!receipt ? 'nothing received' : receipt.connected ? 'a connection without a message' : 'no connection'}`,
      'a connection with a message',
      receipt ? { connected: receipt.connected, messages: receipt.messages } : null,
    );
    return out;
  }
  let s: unknown;
  try {
    s = JSON.parse(receipt.payload);
  } catch {
    s = undefined;
  }
  if (!s || typeof s !== 'object' || Array.isArray(s)) {
    f(
      ['config-linux.seccomp.listener-one-state-per-connection'],
      'one state',
      `expected exactly one container process state (one JSON object) on the connection, found ${JSON.stringify(receipt.payload.slice(0, 200))}`,
      'one JSON object',
      receipt.payload.slice(0, 200),
    );
  } else {
    const names = (s as Record<string, unknown>).fds;
    const at = Array.isArray(names) ? names.indexOf('seccompFd') : -1;
    const fd = at >= 0 ? receipt.fds[at] : undefined;
    if (!fd || !/seccomp/.test(fd.link ?? ''))
      f(
        ['config-linux.seccomp.listener-seccompFd'],
        'seccompFd',
        `expected the seccomp notify fd passed by SCM_RIGHTS and named seccompFd in fds, found fds ${JSON.stringify(names ?? null)} and received ${JSON.stringify(receipt.fds.map((d) => d.link))}`,
        { fds: ['seccompFd'], received: 'anon_inode:seccomp notify' },
        { fds: names ?? null, received: receipt.fds.map((d) => d.link) },
      );
  }
  if (receipt.eof === false)
    f(
      ['config-linux.seccomp.listener-close-no-reuse'],
      'connection closed',
      'expected the runtime to close the connection after sending the state, found it still open when the listener gave up',
      'closed by the runtime',
      'open',
    );
  return out;
}

export const securitySeccompListener = defineCase({
  id,
  group: 'security',
  requirements,
  since: '1.1.0',
  description: `a seccomp ${notifiedSyscall} notify rule with listenerPath: one state with seccompFd on a SOCK_STREAM connection the runtime then closes; a listenerPath nobody listens on fails create or start`,
  needs(host) {
    if (!host.seccomp)
      return 'needs seccomp filter support in the kernel (no Seccomp line in /proc/self/status)';
    return host.capabilities && !host.capabilities.includes('CAP_SYS_ADMIN')
      ? 'a seccomp filter without no_new_privs needs CAP_SYS_ADMIN'
      : null;
  },
  timeoutMs: 45_000,
  async run(ctx) {
    const profile = (listenerPath: string) => ({
      defaultAction: 'SCMP_ACT_ALLOW',
      listenerPath,
      syscalls: [{ names: [notifiedSyscall], action: 'SCMP_ACT_NOTIFY' }],
    });
    const rx = await startFdReceiver(ctx.bundle.hostPath(ctx.probe), 15_000);
    ctx.defer(() => rx.close());
    const bundle = await ctx.makeBundle((c) => {
      c.set('/ociVersion', '1.1.0');
      c.seccomp(profile(rx.socket));
    });
    const cid = ctx.newContainerId('notify');
    const created = await ctx.runtime.create({ id: cid, bundle });
    let receipt: FdReceipt | undefined;
    if (
      ctx.check.succeeded(created, {
        requirements: ['config-linux.seccomp.listener-seccompFd'],
        what: 'create with a seccomp listener',
      })
    ) {
      // SPEC: the spec does not say when the state is sent (runc: create; crun: when the filter is loaded,
      // just before the user program), so the container runs to its end before the receipt is read.
      await ctx.runtime.start(cid);
      await ctx.waitForStatus('stopped', { id: cid });
      try {
        receipt = await rx.settle(2_000);
      } catch (e) {
        ctx.note((e as Error).message);
      }
      ctx.observe('listener', receipt);
    }
    const findings = created.exitCode === 0 ? checkListenerReceipt(receipt) : [];

    // A listenerPath with nobody listening: sending fails, so create (or start) must fail.
    const dir = await mkdtemp(join(tmpdir(), 'ocsl-'));
    ctx.defer(() => rm(dir, { recursive: true, force: true }));
    const deaf = await ctx.makeBundle((c) => {
      c.set('/ociVersion', '1.1.0');
      c.seccomp(profile(join(dir, 'nobody')));
    });
    const did = ctx.newContainerId('deaf');
    const c2 = await ctx.runtime.create({ id: did, bundle: deaf });
    let failed = c2.exitCode !== 0 && c2.exitCode !== null;
    if (!failed) {
      const s2 = await ctx.runtime.start(did);
      failed = s2.exitCode !== 0 && s2.exitCode !== null;
    }
    ctx.check.that(failed, {
      requirements: ['config-linux.seccomp.listener-send-fail-error'],
      what: 'listener send failure',
      message:
        'expected create or start to fail when nothing listens on listenerPath (the state cannot be sent), found both succeeded',
      expected: 'create or start fails',
      actual: 'both succeeded',
    });
    return findings;
  },
});
