// Our own process runner and tar walker against the libraries that do the same (execa, tar-stream),
// in one run: the measurement behind the choice written in harness/runtime/driver.ts and harness/image/tar.ts.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { runCommand } from '../harness/runtime/driver.js';
import { TarWalker } from '../harness/image/tar.js';
import type { BenchResult } from './types.js';

const CALLS = Number(process.env.DEPS_BENCH_CALLS ?? 200);
const TAR_BYTES = Number(process.env.DEPS_BENCH_TAR_BYTES ?? 256 * 1024 * 1024);

async function timeIt(f: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** A tar of ustar entries, half 512-byte files, half 64 KiB files, in one buffer. */
function makeTar(total: number): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  let size = 0;
  while (size < total || n < 2) {
    const len = n % 2 ? 512 : 64 * 1024;
    const h = Buffer.alloc(512);
    h.write(`dir/file-${n}`, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(len.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    parts.push(h, Buffer.alloc(len, n & 0xff));
    size += 512 + len;
    n++;
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function chunks(buf: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const { execa } = await import('execa');
  const tarStream = (await import('tar-stream')).default;

  // Process handling: sequential calls of /bin/true, as the driver makes runtime calls.
  const ours = await timeIt(async () => {
    for (let i = 0; i < CALLS; i++) await runCommand('/bin/true', [], { timeoutMs: 10_000 });
  });
  const lib = await timeIt(async () => {
    for (let i = 0; i < CALLS; i++)
      await execa('/bin/true', [], { timeout: 10_000, killSignal: 'SIGKILL', detached: true, reject: false });
  });

  // Tar reading: every header, every data byte consumed.
  const tar = makeTar(TAR_BYTES);
  const pieces = chunks(tar);
  let oursEntries = 0;
  let libEntries = 0;
  let walk = Infinity;
  let extract = Infinity;
  // Three rounds, alternating, the best of each: neither side pays the other's warm-up.
  for (let round = 0; round < 3; round++) {
    oursEntries = 0;
    libEntries = 0;
    const a = await timeIt(async () => {
      const w = new TarWalker({ entry: () => oursEntries++, data: () => {} });
      for (const c of pieces) w.write(c);
      if (!w.ended) throw new Error('expected the walker to reach the end of the archive');
    });
    const b = await timeIt(async () => {
      const x = tarStream.extract();
      x.on('entry', (_h, stream, next) => {
        libEntries++;
        stream.on('end', next);
        stream.resume();
      });
      Readable.from(pieces).pipe(x);
      await once(x, 'finish');
    });
    walk = Math.min(walk, a);
    extract = Math.min(extract, b);
  }
  if (oursEntries !== libEntries)
    throw new Error(`expected the same entries from both readers but found ${oursEntries} and ${libEntries}`);

  // What a corrupt header yields: our walker says where and what; tar-stream's message.
  const bad = Buffer.from(makeTar(1));
  bad[512 + 64 * 1024 + 148] = 0x39; // break the second header's checksum
  const w = new TarWalker();
  w.write(bad);
  let libError = '';
  await new Promise<void>((resolve) => {
    const x = tarStream.extract();
    x.on('entry', (_h, s, next) => {
      s.on('error', () => {});
      s.on('end', next);
      s.resume();
    });
    x.on('error', (e) => {
      libError = e.message;
      resolve();
    });
    x.on('finish', () => resolve());
    x.end(bad);
  });

  return [
    {
      name: 'deps.process',
      description: `${CALLS} sequential /bin/true calls: execa 9 against the driver's runCommand (child_process.spawn)`,
      ratio: lib / ours,
      subject: { label: 'execa', value: lib / CALLS, unit: 'ms/call' },
      baseline: { label: 'runCommand', value: ours / CALLS, unit: 'ms/call' },
    },
    {
      name: 'deps.tar',
      description: `walking a ${Math.round(TAR_BYTES / 2 ** 20)} MiB tar (${oursEntries} entries, data drained): tar-stream 3 extract against TarWalker`,
      ratio: extract / walk,
      subject: { label: 'tar-stream', value: (tar.length / 2 ** 20 / extract) * 1000, unit: 'MiB/s' },
      baseline: { label: 'TarWalker', value: (tar.length / 2 ** 20 / walk) * 1000, unit: 'MiB/s' },
      extra: {
        'corrupt header, TarWalker': w.error
          ? `${w.error.code} at ${w.error.offset}: ${w.error.message}`
          : 'none',
        'corrupt header, tar-stream': libError || 'none',
      },
    },
  ];
}
