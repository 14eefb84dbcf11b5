// Receiving file descriptors from a runtime over a unix socket (Node cannot): runs the probe's host-side
// `recvfd` mode, which listens, records every message's payload and SCM_RIGHTS fds, and reads a received
// terminal until the container side closes. Used for --console-socket and seccomp listenerPath.
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One fd the runtime sent. */
export interface ReceivedFd {
  /** readlink of /proc/self/fd/N in the receiver (`/dev/ptmx`, `anon_inode:seccomp notify`...). */
  link: string | null;
  tty: boolean;
  /** What the container wrote to the terminal (only for a terminal). */
  output?: string;
  /** The terminal's window size after the container ran. */
  winsize?: { rows: number; cols: number } | null;
}

/** What the receiver saw on its one connection. */
export interface FdReceipt {
  event: 'recvfd';
  connected: boolean;
  /** The sender closed the connection (rather than the receiver giving up at its timeout). */
  eof?: boolean;
  /** Each recvmsg: payload bytes and how many fds came with it, in order. */
  messages: { bytes: number; fds: number }[];
  /** All payload bytes, concatenated. */
  payload: string;
  fds: ReceivedFd[];
}

/** Parses the receiver's output, with an error that says what was expected and found. */
export function parseFdReceipt(text: string): FdReceipt {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`expected the fd receiver's JSON, found ${JSON.stringify(text.slice(0, 200))}`);
  }
  const o = v as Partial<FdReceipt>;
  if (
    !o ||
    o.event !== 'recvfd' ||
    typeof o.connected !== 'boolean' ||
    !Array.isArray(o.messages) ||
    typeof o.payload !== 'string' ||
    !Array.isArray(o.fds)
  )
    throw new Error(
      `expected an fd receipt {event, connected, messages, payload, fds}, found ${text.slice(0, 200)}`,
    );
  return o as FdReceipt;
}

/** A running receiver. */
export interface FdReceiver {
  /** The socket path to hand to the runtime. */
  socket: string;
  /** Resolves with what was received once the receiver exits (EOF, closed terminal, or its timeout). */
  result: Promise<FdReceipt>;
  /** Stops the receiver (if still running) and removes its directory. */
  close(): Promise<void>;
  /**
   * What was received, waiting at most `graceMs` more for the receiver to end by itself before stopping it
   * (once the container has stopped, a message not yet sent will never come). Rejects like `result`.
   */
  settle(graceMs: number): Promise<FdReceipt>;
}

/**
 * Starts `probe recvfd` on a fresh socket in a short temporary directory (unix socket paths are limited
 * to 107 bytes) and resolves once it listens.
 */
export async function startFdReceiver(hostProbe: string, timeoutMs = 20_000): Promise<FdReceiver> {
  const dir = await mkdtemp(join(tmpdir(), 'ocfd-'));
  const socket = join(dir, 's');
  const child = spawn(hostProbe, ['recvfd', '--socket', socket, '--timeout-ms', String(timeoutMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const result = exited.then((code) => {
    if (code !== 0)
      throw new Error(`expected the fd receiver to exit 0, found ${String(code)}: ${err.trim()}`);
    return parseFdReceipt(out);
  });
  result.catch(() => {});
  // Listening is synchronous at its start: the socket exists once it listens.
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await access(socket);
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        await rm(dir, { recursive: true, force: true });
        throw new Error(
          `expected the fd receiver to listen on ${socket}, found ${err.trim() || 'no socket'}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  return {
    socket,
    result,
    close,
    async settle(graceMs) {
      const late = setTimeout(() => void close(), graceMs);
      try {
        return await result;
      } finally {
        clearTimeout(late);
      }
    },
  };
}
