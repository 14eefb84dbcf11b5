// Runs the hooks that execute in the runtime namespace (prestart, createRuntime, poststart,
// poststop): the State on stdin, hooks[].env as the environment, the bundle as cwd, and the timeout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { OciState } from './state.js';
import type { SpecHook } from './spec.js';

/** A failed hook, with what it printed. */
export class HookError extends Error {}

/** Runs one hook; resolves on exit 0, rejects with a HookError otherwise. */
export function runHook(kind: string, index: number, hook: SpecHook, state: OciState): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = hook.args ?? [hook.path];
    // SPEC: config.md is silent on a hook without env: like runc and crun, it inherits the runtime's
    // environment; a hook with env gets exactly that list.
    let env: NodeJS.ProcessEnv = process.env;
    if (hook.env) {
      env = {};
      for (const e of hook.env) {
        const eq = e.indexOf('=');
        if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
      }
    }
    const child = spawn(hook.path, args.slice(1), {
      argv0: args[0] ?? hook.path,
      env,
      // SPEC: config.md is silent on a hook's working directory: like runc and crun, the bundle.
      cwd: state.bundle && existsSync(state.bundle) ? state.bundle : '/',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    let timedOut = false;
    const timer =
      hook.timeout !== undefined && hook.timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, hook.timeout * 1000)
        : undefined;
    child.stdin.on('error', () => {
      // The hook did not read its stdin: that is its business.
    });
    child.stdin.end(JSON.stringify(state));
    const name = `${kind} hook #${index} (${hook.path})`;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new HookError(`${name} could not be executed: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const tail = Buffer.concat(out).toString('utf8').trim().slice(-500);
      const said = tail ? `, output: ${tail.replace(/\s+/g, ' ')}` : '';
      if (timedOut) reject(new HookError(`${name} timed out after ${hook.timeout} s${said}`));
      else if (code !== 0)
        reject(
          new HookError(
            `${name} failed: expected exit status 0, got ${code !== null ? `exit status ${code}` : `signal ${signal}`}${said}`,
          ),
        );
      else resolve();
    });
  });
}

/** Runs a list of hooks in order; stops at the first failure. */
export async function runHooks(
  kind: string,
  hooks: readonly SpecHook[] | undefined,
  state: OciState,
): Promise<void> {
  let i = 0;
  for (const h of hooks ?? []) await runHook(kind, i++, h, state);
}
