// The runtime driver: speaks the runc-compatible CLI (create, start, state, kill, delete) with a private
// --root and the user's extra global args; every call is bounded by a timeout and returned as data.
//
// runCommand is child_process.spawn rather than execa (measured with `npm run bench -- deps`: 200
// sequential /bin/true calls, execa 9.6 costs 1.29x to 1.73x runCommand per call, 125 against 97 ms and
// 92 against 53 ms, in two runs on a loaded 2-core VM, 2 December 2026). The driver makes thousands of
// calls per run, and what it needs beyond execa's defaults is its own anyway: the container's stdio
// as files (a pipe a container inherits never closes), a 200 ms grace for such pipes, joining a cgroup
// before exec, and killing the whole process group on timeout or abort.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { CommandRecord } from '../../model/report.js';

/** How to reach the runtime under test. */
export interface DriverOptions {
  /** Path of the runtime binary (or a wrapper script). */
  runtime: string;
  /** Extra global arguments put before the subcommand (`--runtime-arg`). @default [] */
  runtimeArgs?: string[];
  /** The private state directory passed as `--root`. */
  root: string;
  /** Timeout of one call. @default 10_000 */
  timeoutMs?: number;
  /** Called with every record (e.g. to sum the runtime's own command time). */
  onRecord?: (r: CommandRecord) => void;
  /**
   * A cgroup's `cgroup.procs`: every call joins that cgroup before the runtime starts, so whatever the
   * runtime leaves running on the host is found there (the scheduler's leftover check).
   */
  procsFile?: string;
}

/** Options of one call. */
export interface CallOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Aborting kills the call (its whole process group) and returns the record with `timedOut`. */
  signal?: AbortSignal;
  /**
   * Files for the process's stdout and stderr instead of pipes. `create` needs this: the container inherits
   * create's stdio, and a pipe would stay open as long as the container lives.
   */
  stdioFiles?: { stdout: string; stderr: string };
}

/** Bytes of output kept per stream (a runtime that prints garbage must not exhaust memory). */
export const maxCapture = 1 << 20;

/** Length of the stderr tail kept in finding locations. */
export const stderrTailLength = 2000;

/** Deadline of one runtime call when the run sets none (`--call-timeout`). */
export const defaultCallTimeoutMs = 10_000;

/** The last `n` characters of `text`, trimmed. */
export function tail(text: string, n = stderrTailLength): string {
  const t = text.trimEnd();
  return t.length <= n ? t : '…' + t.slice(t.length - n);
}

/** Size of a file, 0 when it does not exist. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What a call appended to a stdio file from `offset`: its first maxCapture bytes and its size. */
function readFrom(path: string, offset: number): { text: string; size: number } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = Math.max(0, fstatSync(fd).size - offset);
    const buf = Buffer.alloc(Math.min(size, maxCapture));
    const n = readSync(fd, buf, 0, buf.length, offset);
    return { text: buf.subarray(0, n).toString('utf8'), size };
  } catch {
    return { text: '', size: 0 };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Runs `file args` and returns the record. Never throws for a failing, crashing or hanging process:
 * a spawn error becomes exit code null with the error in stderr; a timeout kills the process group.
 */
export function runCommand(
  file: string,
  args: string[],
  opts: CallOptions & { timeoutMs: number; procsFile?: string },
): Promise<CommandRecord> {
  const argv = [file, ...args];
  if (opts.procsFile !== undefined) {
    // The shell joins the cgroup, then becomes the runtime (same pid, same process group).
    args = ['-c', 'echo $$ > "$0" && exec "$@"', opts.procsFile, file, ...args];
    file = '/bin/sh';
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let outFd: number | undefined;
    let errFd: number | undefined;
    let outStart = 0;
    let errStart = 0;
    if (opts.stdioFiles) {
      outStart = sizeOf(opts.stdioFiles.stdout);
      errStart = sizeOf(opts.stdioFiles.stderr);
      outFd = openSync(opts.stdioFiles.stdout, 'a');
      errFd = openSync(opts.stdioFiles.stderr, 'a');
    }
    // Chunks as they come, at most maxCapture bytes per stream; the rest is counted and dropped, so a
    // runtime that prints 64 MiB costs time but no memory.
    const out = { chunks: [] as Buffer[], kept: 0, total: 0 };
    const err = { chunks: [] as Buffer[], kept: 0, total: 0 };
    const collect = (into: typeof out) => (d: Buffer) => {
      into.total += d.length;
      if (into.kept >= maxCapture) return;
      const part = d.length > maxCapture - into.kept ? d.subarray(0, maxCapture - into.kept) : d;
      into.chunks.push(part);
      into.kept += part.length;
    };
    let timedOut = false;
    let settled = false;
    let graceNote = '';
    const child = spawn(file, args, {
      cwd: opts.cwd,
      detached: true,
      stdio: ['ignore', outFd ?? 'pipe', errFd ?? 'pipe'],
    });
    if (outFd !== undefined) closeSync(outFd);
    if (errFd !== undefined) closeSync(errFd);
    child.stdout?.on('data', collect(out));
    child.stderr?.on('data', collect(err));
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        try {
          child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    };
    const onAbort = () => {
      timedOut = true;
      killGroup();
    };
    const timer = setTimeout(onAbort, opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    const finish = (exitCode: number | null, signal: string | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      let stdout = Buffer.concat(out.chunks).toString('utf8');
      let stderr = Buffer.concat(err.chunks).toString('utf8');
      if (opts.stdioFiles) {
        const o = readFrom(opts.stdioFiles.stdout, outStart);
        const e = readFrom(opts.stdioFiles.stderr, errStart);
        stdout = o.text;
        stderr = e.text;
        out.total = o.size;
        err.total = e.size;
      }
      if (spawnError) stderr += (stderr ? '\n' : '') + `spawn failed: ${spawnError.message}`;
      if (graceNote) stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}${graceNote}`;
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        argv,
        exitCode,
        signal,
        stdout,
        stderr,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        timedOut,
        ...(out.total > maxCapture || err.total > maxCapture
          ? {
              outputBytes: {
                ...(out.total > maxCapture ? { stdout: out.total } : {}),
                ...(err.total > maxCapture ? { stderr: err.total } : {}),
              },
            }
          : {}),
      });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('exit', (code, sig) => {
      // The streams may still hold data: wait for 'close'. On a loaded or emulated machine the last data
      // can come well after 'exit' (a 200 ms grace once lost runc's state output in a guest, which then
      // read as an empty state), so the grace scales with the call's deadline; it is bounded because a
      // process the runtime left behind (a container that inherited a pipe) may keep them open forever.
      if (!child.stdout && !child.stderr) return finish(code, sig);
      const graceMs = Math.max(2000, opts.timeoutMs / 5);
      const grace = setTimeout(() => {
        graceNote = `oci-conform: the runtime's stdout or stderr was still open ${graceMs} ms after it exited (a process it left holds them): its output may be cut`;
        finish(code, sig);
      }, graceMs);
      child.once('close', () => {
        clearTimeout(grace);
        finish(code, sig);
      });
    });
  });
}

/** The runtime's CLI, one method per operation; all return records. */
export class RuntimeDriver {
  readonly runtime: string;
  readonly runtimeArgs: string[];
  readonly root: string;
  readonly timeoutMs: number;
  readonly onRecord: ((r: CommandRecord) => void) | undefined;
  readonly procsFile: string | undefined;

  constructor(opts: DriverOptions) {
    this.procsFile = opts.procsFile;
    this.runtime = opts.runtime;
    this.runtimeArgs = opts.runtimeArgs ?? [];
    this.root = opts.root;
    this.timeoutMs = opts.timeoutMs ?? defaultCallTimeoutMs;
    this.onRecord = opts.onRecord;
  }

  /** A driver for the same runtime with another state root (and, when given, another record listener). */
  withRoot(root: string, onRecord?: (r: CommandRecord) => void): RuntimeDriver {
    const listener = onRecord ?? this.onRecord;
    return new RuntimeDriver({
      runtime: this.runtime,
      runtimeArgs: this.runtimeArgs,
      root,
      timeoutMs: this.timeoutMs,
      ...(listener ? { onRecord: listener } : {}),
      ...(this.procsFile !== undefined ? { procsFile: this.procsFile } : {}),
    });
  }

  /** The same driver with every call run inside the cgroup whose `cgroup.procs` is `procsFile`. */
  inCgroup(procsFile: string): RuntimeDriver {
    return new RuntimeDriver({
      runtime: this.runtime,
      runtimeArgs: this.runtimeArgs,
      root: this.root,
      timeoutMs: this.timeoutMs,
      ...(this.onRecord ? { onRecord: this.onRecord } : {}),
      procsFile,
    });
  }

  private async exec(args: string[], opts: CallOptions): Promise<CommandRecord> {
    const r = await runCommand(this.runtime, args, {
      ...opts,
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      ...(this.procsFile !== undefined ? { procsFile: this.procsFile } : {}),
    });
    this.onRecord?.(r);
    return r;
  }

  /** Global arguments: the user's, then `--root`. */
  globalArgs(): string[] {
    return [...this.runtimeArgs, '--root', this.root];
  }

  /** `runtime GLOBAL... args...`. */
  call(args: string[], opts: CallOptions = {}): Promise<CommandRecord> {
    return this.exec([...this.globalArgs(), ...args], opts);
  }

  /** `create [--console-socket S] [--pid-file F] [--bundle B] [ID]`; stdio goes to the given files. */
  create(
    id: string | null,
    bundle: string | null,
    opts: CallOptions & {
      pidFile?: string;
      consoleSocket?: string;
      stdioFiles: { stdout: string; stderr: string };
    },
  ): Promise<CommandRecord> {
    const args = ['create'];
    if (opts.consoleSocket !== undefined) args.push('--console-socket', opts.consoleSocket);
    if (opts.pidFile !== undefined) args.push('--pid-file', opts.pidFile);
    if (bundle !== null) args.push('--bundle', bundle);
    if (id !== null) args.push(id);
    return this.call(args, opts);
  }

  start(id: string, opts: CallOptions = {}): Promise<CommandRecord> {
    return this.call(['start', id], opts);
  }

  state(id: string, opts: CallOptions = {}): Promise<CommandRecord> {
    return this.call(['state', id], opts);
  }

  kill(id: string, signal: string | number, opts: CallOptions = {}): Promise<CommandRecord> {
    return this.call(['kill', id, String(signal)], opts);
  }

  delete(id: string, opts: CallOptions & { force?: boolean } = {}): Promise<CommandRecord> {
    return this.call(opts.force ? ['delete', '--force', id] : ['delete', id], opts);
  }

  /** `runtime --version` (no --root), for the report's subject. */
  version(opts: CallOptions = {}): Promise<CommandRecord> {
    return this.exec([...this.runtimeArgs, '--version'], opts);
  }

  /** `runtime features` (runtime-spec features.md); a runtime without it exits non-zero. */
  features(opts: CallOptions = {}): Promise<CommandRecord> {
    return this.exec([...this.runtimeArgs, 'features'], opts);
  }
}

/** Parses `state` output: a JSON object, or the reason it is not one. */
export function parseStateOutput(stdout: string): { value?: Record<string, unknown>; error?: string } {
  const text = stdout.trim();
  if (text === '') return { error: 'expected a JSON object on stdout but found nothing' };
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      return {
        error: `expected a JSON object on stdout but found ${Array.isArray(v) ? 'an array' : typeof v}`,
      };
    }
    return { value: v as Record<string, unknown> };
  } catch (e) {
    return { error: `expected a JSON object on stdout but found unparsable text: ${(e as Error).message}` };
  }
}
