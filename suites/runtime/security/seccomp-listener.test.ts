// Unit tests of the seccomp listener checks on receipts shaped like the fd receiver's output.
import { describe, expect, it } from 'vitest';
import type { FdReceipt } from '../../../harness/runtime/fd-socket.js';
import { checkListenerReceipt } from './seccomp-listener.js';

const state = { ociVersion: '1.1.0', fds: ['seccompFd'], pid: 7, state: { id: 'c', status: 'creating' } };
const good: FdReceipt = {
  event: 'recvfd',
  connected: true,
  eof: true,
  messages: [{ bytes: 100, fds: 1 }],
  payload: JSON.stringify(state),
  fds: [{ link: 'anon_inode:seccomp notify', tty: false }],
};
const reqs = (r: FdReceipt | undefined) => checkListenerReceipt(r).flatMap((f) => f.requirements);

describe('checkListenerReceipt', () => {
  it('passes one state with seccompFd on a closed connection', () => {
    expect(checkListenerReceipt(good)).toEqual([]);
  });
  it('fails without a connection (a runtime on another socket type cannot connect)', () => {
    expect(reqs({ ...good, connected: false, messages: [], payload: '', fds: [] })).toEqual([
      'config-linux.seccomp.listener-socket-type',
      'config-linux.seccomp.listener-seccompFd',
    ]);
    expect(reqs(undefined)).toContain('config-linux.seccomp.listener-socket-type');
  });
  it('fails on two states on one connection', () => {
    expect(reqs({ ...good, payload: good.payload + good.payload })).toEqual([
      'config-linux.seccomp.listener-one-state-per-connection',
    ]);
  });
  it('fails when the fd is not named seccompFd or is not a seccomp fd', () => {
    expect(reqs({ ...good, payload: JSON.stringify({ ...state, fds: ['notify'] }) })).toEqual([
      'config-linux.seccomp.listener-seccompFd',
    ]);
    expect(reqs({ ...good, fds: [{ link: 'pipe:[1]', tty: false }] })).toEqual([
      'config-linux.seccomp.listener-seccompFd',
    ]);
  });
  it('fails when the runtime left the connection open', () => {
    expect(reqs({ ...good, eof: false })).toEqual(['config-linux.seccomp.listener-close-no-reuse']);
  });
});
