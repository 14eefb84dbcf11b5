// Tests of the CLI surface in-process (no container): parsing, exit codes, log formats, state,
// list and features output over a hand-made state root.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { writeRecord, type ContainerRecord } from './state.js';

const tmp = mkdtempSync(join(tmpdir(), 'rr-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: any) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: any) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

function myStartTime(): string {
  const st = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  return st.slice(st.lastIndexOf(')') + 2).split(' ')[19]!;
}

const record = (id: string, over: Partial<ContainerRecord> = {}): ContainerRecord => ({
  id,
  pid: process.pid,
  pidStartTime: myStartTime(),
  bundle: '/bundles/' + id,
  created: new Date().toISOString(),
  started: false,
  hasProcess: true,
  cgroupDirs: [],
  cgroupParents: [],
  poststart: [],
  poststop: [],
  ...over,
});

describe('cli', () => {
  it('prints the version and the features document', async () => {
    expect(await main(['--version'])).toBe(0);
    expect(out).toMatch(/^oci-reference-runtime version \S+\nspec: 1\.3\.0\n$/);
    out = '';
    expect(await main(['features'])).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ ociVersionMin: '1.0.0', ociVersionMax: '1.3.0' });
  });

  it('exits 1 with one log line for a missing container, in text or json, and appends to --log', async () => {
    const root = join(tmp, 'empty');
    expect(await main(['--root', root, 'state', 'nope'])).toBe(1);
    expect(err).toMatch(/^time="[^"]+" level=error msg="container nope does not exist"\n$/);
    err = '';
    const log = join(tmp, 'log.json');
    expect(await main(['--root', root, '--log', log, '--log-format', 'json', 'kill', 'nope', 'KILL'])).toBe(
      1,
    );
    const line = JSON.parse(err);
    expect(line).toMatchObject({ level: 'error', msg: 'container nope does not exist' });
    expect(JSON.parse(readFileSync(log, 'utf8'))).toEqual(line);
  });

  it('exits 1 on usage errors', async () => {
    for (const argv of [
      [],
      ['bogus'],
      ['--bogus', 'state', 'x'],
      ['state'],
      ['state', 'a', 'b'],
      ['create', '--console-socket', '/s', 'x'],
      ['--log-format', 'xml', 'list'],
      ['delete', '--nope', 'x'],
    ]) {
      err = '';
      expect(await main(argv), argv.join(' ')).toBe(1);
      expect(err).toMatch(/level=error/);
    }
  });

  it('derives state and list from the records and /proc', async () => {
    const root = join(tmp, 'root');
    writeRecord(root, record('b-running', { started: true, annotations: { k: 'v' } }));
    writeRecord(root, record('a-created'));
    writeRecord(root, record('c-stopped', { pidStartTime: 'gone' }));
    expect(await main(['--root', root, 'state', 'b-running'])).toBe(0);
    expect(JSON.parse(out)).toEqual({
      ociVersion: '1.3.0',
      id: 'b-running',
      status: 'running',
      bundle: '/bundles/b-running',
      pid: process.pid,
      annotations: { k: 'v' },
    });
    out = '';
    expect(await main(['--root', root, 'list', '--format', 'json'])).toBe(0);
    expect(JSON.parse(out).map((s: any) => [s.id, s.status, s.pid])).toEqual([
      ['a-created', 'created', process.pid],
      ['b-running', 'running', process.pid],
      ['c-stopped', 'stopped', undefined],
    ]);
    out = '';
    expect(await main(['--root', root, 'list', '-q'])).toBe(0);
    expect(out).toBe('a-created\nb-running\nc-stopped\n');
    // kill of a stopped container is an error; delete without --force of a live one too
    expect(await main(['--root', root, 'kill', 'c-stopped', 'KILL'])).toBe(1);
    expect(await main(['--root', root, 'delete', 'a-created'])).toBe(1);
    expect(err).toMatch(/not stopped: created/);
    // delete of the stopped one removes its record
    expect(await main(['--root', root, 'delete', 'c-stopped'])).toBe(0);
    expect(await main(['--root', root, 'state', 'c-stopped'])).toBe(1);
  });
});

describe('launcher', () => {
  it('without the build, exits 3 naming the file it expected and the command that makes it', async () => {
    const { mkdirSync, copyFileSync } = await import('node:fs');
    const { spawnSync } = await import('node:child_process');
    const here = new URL('.', import.meta.url).pathname;
    const fake = mkdtempSync(join(tmpdir(), 'rr-launcher-'));
    try {
      mkdirSync(join(fake, 'reference-runtime', 'bin'), { recursive: true });
      const launcher = join(fake, 'reference-runtime', 'bin', 'oci-reference-runtime');
      copyFileSync(join(here, 'bin', 'oci-reference-runtime'), launcher);
      const r = spawnSync(process.execPath, [launcher, '--version'], { encoding: 'utf8' });
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(
        `the reference runtime is not built: expected ${join(fake, 'dist', 'reference-runtime', 'oci-reference-runtime.mjs')}; run npm run build`,
      );
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
