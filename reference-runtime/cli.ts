// The runc-compatible command line of the reference runtime:
// oci-reference-runtime [--root DIR] [--log FILE] [--log-format text|json] COMMAND [options] ID
import { appendFileSync } from 'node:fs';
import { create, DEFAULT_ROOT, kill, list, remove, start, state } from './runtime.js';

export const VERSION = '0.1.0';

const USAGE = `usage: oci-reference-runtime [--root DIR] [--log FILE] [--log-format text|json] COMMAND
commands:
  create [--bundle|-b DIR] [--pid-file FILE] ID
  start ID
  state ID
  kill ID [SIGNAL]
  delete [--force|-f] ID
  list [--format table|json] [--quiet|-q]
  features
  spec
  --version`;

/** Thrown for bad arguments. */
class UsageError extends Error {}

interface Globals {
  root: string;
  log?: string;
  logFormat: 'text' | 'json';
}

function logLine(g: Globals, level: 'error' | 'warning', msg: string): string {
  const time = new Date().toISOString();
  return g.logFormat === 'json'
    ? JSON.stringify({ level, msg, time }) + '\n'
    : `time="${time}" level=${level} msg=${JSON.stringify(msg)}\n`;
}

function report(g: Globals, level: 'error' | 'warning', msg: string): void {
  const line = logLine(g, level, msg);
  process.stderr.write(line);
  if (g.log) {
    try {
      appendFileSync(g.log, line);
    } catch {
      // the log is best effort
    }
  }
}

/** Splits `--name=value` / `--name value` options from positionals; `flags` take no value. */
function parseArgs(
  args: string[],
  valued: Record<string, string>,
  flags: Record<string, string>,
): { opts: Record<string, string>; pos: string[] } {
  const opts: Record<string, string> = {};
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      pos.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (valued[name]) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`option ${name} needs a value`);
        opts[valued[name]] = v;
      } else if (flags[name]) {
        opts[flags[name]] = 'true';
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
    } else {
      pos.push(a);
    }
  }
  return { opts, pos };
}

function one(pos: string[], cmd: string, what = 'container id'): string {
  if (pos.length !== 1)
    throw new UsageError(`${cmd}: expected exactly one argument (${what}), found ${pos.length}`);
  return pos[0]!;
}

/**
 * Default config for `spec`: what `runc spec` prints, in our words (the shared defaults of
 * schemas/runtime/defaults.ts: no devpts `gid=5`, no `/sys/fs/cgroup` mount).
 */
async function defaultSpec(): Promise<unknown> {
  const { defaultCapabilities, defaultMaskedPaths, defaultMounts, defaultNamespaces, defaultReadonlyPaths } =
    await import('../schemas/runtime/defaults.js');
  const caps = defaultCapabilities();
  return {
    ociVersion: '1.3.0',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['sh'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
      cwd: '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'oci-ref',
    mounts: defaultMounts(),
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: defaultNamespaces(),
      maskedPaths: defaultMaskedPaths(),
      readonlyPaths: defaultReadonlyPaths(),
    },
  };
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const g: Globals = { root: DEFAULT_ROOT, logFormat: 'text' };
  let i = 0;
  try {
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (!a.startsWith('-')) break;
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const value = (): string => {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`option ${name} needs a value`);
        return v;
      };
      if (name === '--root') g.root = value();
      else if (name === '--log') g.log = value();
      else if (name === '--log-format') {
        const f = value();
        if (f !== 'text' && f !== 'json')
          throw new UsageError(`--log-format: expected text or json, found ${JSON.stringify(f)}`);
        g.logFormat = f;
      } else if (name === '--debug') continue;
      else if (name === '--rootless') value();
      else if (name === '--systemd-cgroup')
        throw new UsageError('--systemd-cgroup: not supported by the reference runtime');
      else if (name === '--version' || name === '-v') {
        process.stdout.write(`oci-reference-runtime version ${VERSION}\nspec: 1.3.0\n`);
        return 0;
      } else if (name === '--help' || name === '-h') {
        process.stdout.write(USAGE + '\n');
        return 0;
      } else throw new UsageError(`unknown global option ${name}`);
    }
    const cmd = argv[i];
    const rest = argv.slice(i + 1);
    const warn = (m: string) => report(g, 'warning', m);
    switch (cmd) {
      case 'create': {
        const { opts, pos } = parseArgs(
          rest,
          {
            '--bundle': 'bundle',
            '-b': 'bundle',
            '--pid-file': 'pidFile',
            '--console-socket': 'consoleSocket',
            '--preserve-fds': 'preserveFds',
            '--pidfd-socket': 'pidfdSocket',
          },
          { '--no-pivot': 'noPivot', '--no-new-keyring': 'noNewKeyring' },
        );
        if (opts.consoleSocket !== undefined)
          throw new UsageError('--console-socket: terminals are not supported by the reference runtime');
        if (opts.pidfdSocket !== undefined)
          throw new UsageError('--pidfd-socket: not supported by the reference runtime');
        if (opts.preserveFds !== undefined && opts.preserveFds !== '0')
          throw new UsageError('--preserve-fds: not supported by the reference runtime');
        if (opts.noPivot) throw new UsageError('--no-pivot: not supported by the reference runtime');
        await create({
          root: g.root,
          id: one(pos, 'create'),
          bundle: opts.bundle,
          pidFile: opts.pidFile,
          warn,
        });
        return 0;
      }
      case 'start':
        await start(g.root, one(parseArgs(rest, {}, {}).pos, 'start'), warn);
        return 0;
      case 'state':
        process.stdout.write(
          JSON.stringify(state(g.root, one(parseArgs(rest, {}, {}).pos, 'state')), null, 2) + '\n',
        );
        return 0;
      case 'kill': {
        const { pos } = parseArgs(rest, {}, { '--all': 'all', '-a': 'all' });
        if (pos.length < 1 || pos.length > 2)
          throw new UsageError(
            `kill: expected a container id and an optional signal, found ${pos.length} arguments`,
          );
        kill(g.root, pos[0]!, pos[1] ?? 'TERM');
        return 0;
      }
      case 'delete': {
        const { opts, pos } = parseArgs(rest, {}, { '--force': 'force', '-f': 'force' });
        await remove(g.root, one(pos, 'delete'), opts.force === 'true', warn);
        return 0;
      }
      case 'list': {
        const { opts, pos } = parseArgs(
          rest,
          { '--format': 'format', '-f': 'format' },
          { '--quiet': 'quiet', '-q': 'quiet' },
        );
        if (pos.length > 0) throw new UsageError(`list: expected no arguments, found ${pos.length}`);
        const all = list(g.root);
        if (opts.quiet) process.stdout.write(all.map((s) => s.id + '\n').join(''));
        else if (opts.format === 'json') process.stdout.write(JSON.stringify(all) + '\n');
        else if (opts.format === undefined || opts.format === 'table') {
          const rows = [
            ['ID', 'PID', 'STATUS', 'BUNDLE'],
            ...all.map((s) => [s.id, String(s.pid ?? 0), s.status, s.bundle]),
          ];
          const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
          process.stdout.write(
            rows.map((r) => r.map((v, c) => (c < 3 ? v.padEnd(w[c]! + 2) : v)).join('')).join('\n') + '\n',
          );
        } else
          throw new UsageError(`list --format: expected table or json, found ${JSON.stringify(opts.format)}`);
        return 0;
      }
      case 'features': {
        const { features } = await import('./features.js');
        process.stdout.write(JSON.stringify(features(VERSION), null, 2) + '\n');
        return 0;
      }
      case 'spec':
        process.stdout.write(JSON.stringify(await defaultSpec(), null, 2) + '\n');
        return 0;
      case undefined:
        throw new UsageError('expected a command');
      default:
        throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
    }
  } catch (e) {
    report(g, 'error', (e as Error).message);
    if (e instanceof UsageError) process.stderr.write(USAGE + '\n');
    return 1;
  }
}
