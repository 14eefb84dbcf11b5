// process.terminal: terminal true with --console-socket (runc's protocol): the runtime sends the pty
// master over the socket, the user program's stdio is the pty, /dev/console is that pty bind-mounted, and
// consoleSize is the terminal's size.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import { startFdReceiver, type FdReceipt } from '../../../harness/runtime/fd-socket.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'process.terminal';

export const caseConsoleSize = { height: 25, width: 100 };

/** The probe's report as it came through the terminal (\r\n line ends), or undefined. */
export function observationFromTerminal(output: string): Observation | undefined {
  const text = output.replace(/\r\n/g, '\n');
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return parseObservation(text.slice(start));
  } catch {
    return undefined;
  }
}

/** Compares what came over the console socket (and through the terminal) with terminal and consoleSize. */
export function checkTerminal(receipt: FdReceipt | undefined, consoleSize = caseConsoleSize): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  const tty = receipt?.fds.find((d) => d.tty);
  if (!tty) {
    f(
      ['config.process.terminal'],
      'pty master',
      `expected the runtime to send a terminal over the console socket, found ${receipt ? `${receipt.fds.length} fd(s), none a terminal` : 'nothing received'}`,
      'a pty master',
      receipt?.fds.map((d) => d.link) ?? null,
    );
    return out;
  }
  const obs = observationFromTerminal(tty.output ?? '');
  const stdio = obs?.fds?.filter((d) => d.fd <= 2) ?? [];
  const onPty = stdio.filter((d) => d.target !== null && /^\/dev\/pts\/\d+$/.test(d.target));
  if (!obs || onPty.length !== 3)
    f(
      ['config.process.terminal'],
      'stdio on the terminal',
      obs
        ? `expected stdin, stdout and stderr on the pseudo-terminal, found ${JSON.stringify(stdio)}`
        : `expected the probe's report through the terminal, found ${JSON.stringify((tty.output ?? '').slice(0, 200))}`,
      '/dev/pts/N on fds 0-2',
      obs ? stdio : (tty.output ?? '').slice(0, 200),
    );
  if (obs) out.push(...checkConsole(obs));
  const ws = tty.winsize;
  if (!ws || ws.rows !== consoleSize.height || ws.cols !== consoleSize.width)
    f(
      ['config.process.consoleSize-applied'],
      'consoleSize',
      `expected the terminal ${consoleSize.height} rows by ${consoleSize.width} columns, found ${ws ? `${ws.rows} by ${ws.cols}` : 'no size'}`,
      { rows: consoleSize.height, cols: consoleSize.width },
      ws ?? null,
    );
  return out;
}

/** Major number of the Unix98 pseudo-terminal slaves (/dev/pts/N). */
const ptsMajor = 136;

/**
 * /dev/console with terminal true (config-linux.md "Default Devices"): a bind mount of the container's
 * pty slave, i.e. a mount at /dev/console and a char device 136:N where /dev/pts/N is the probe's stdin.
 */
export function checkConsole(obs: Observation): Finding[] {
  const out: Finding[] = [];
  const reqs: RuntimeRequirementId[] = ['config-linux.default-devices.console'];
  const f = (field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  const stdin = obs.fds?.find((d) => d.fd === 0)?.target ?? null;
  const n = stdin ? /^\/dev\/pts\/(\d+)$/.exec(stdin)?.[1] : undefined;
  const node = obs.paths.find((p) => p.path === '/dev/console');
  const expected = n === undefined ? `char ${ptsMajor}:N` : `char ${ptsMajor}:${n} (${stdin})`;
  if (!node || !node.exists || node.type !== 'char')
    f(
      '/dev/console',
      `expected /dev/console to be the pty slave (${expected}), found ${node?.exists ? `a ${node.type}` : 'nothing'}`,
      expected,
      node?.exists ? node.type : null,
    );
  else if (node.major !== ptsMajor || (n !== undefined && String(node.minor) !== n))
    f(
      '/dev/console',
      `expected /dev/console to be the pty slave (${expected}), found char ${node.major}:${node.minor}`,
      expected,
      `char ${node.major}:${node.minor}`,
    );
  if (obs.mounts && !obs.mounts.some((m) => m.mountPoint === '/dev/console'))
    f(
      '/dev/console mount',
      'expected a bind mount at /dev/console (of the pty slave), found none in /proc/self/mountinfo',
      'a mount at /dev/console',
      null,
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.terminal',
  'config.process.consoleSize-applied',
  'config-linux.default-devices.console',
];

export const processTerminal = defineCase({
  id,
  group: 'process',
  requirements,
  description:
    'terminal true, consoleSize 25x100, --console-socket: the pty master arrives over the socket, the probe reports its stdio on /dev/pts, /dev/console bind-mounted from that pty, and the size is applied',
  build(config) {
    config
      .set('/process/terminal', true)
      .set('/process/consoleSize', { ...caseConsoleSize })
      .probe('report', ['--path', '/dev/console']);
  },
  async run(ctx) {
    const rx = await startFdReceiver(ctx.bundle.hostPath(ctx.probe));
    ctx.defer(() => rx.close());
    const created = await ctx.runtime.create({ consoleSocket: rx.socket });
    if (
      !ctx.check.succeeded(created, {
        requirements: ['config.process.terminal'],
        what: 'create with a terminal',
      })
    )
      return;
    const started = await ctx.runtime.start();
    if (!ctx.check.succeeded(started, { requirements: ['runtime.start.runs-program'], what: 'start' }))
      return;
    await ctx.waitForStatus('stopped');
    // The receiver ends when the last slave fd closes; a runtime holding one ends it at delete.
    await ctx.runtime.delete();
    let receipt: FdReceipt | undefined;
    try {
      receipt = await rx.result;
    } catch (e) {
      ctx.note((e as Error).message);
    }
    ctx.observe(
      'consoleSocket',
      receipt && { ...receipt, fds: receipt.fds.map((d) => ({ ...d, output: d.output?.slice(0, 2000) })) },
    );
    return checkTerminal(receipt);
  },
});
