import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../model/report.js';
import { textReporter } from './text.js';
import { hostileReport, runReport, testOptions, validateReport } from './testing.js';

const gcc =
  /^(?<file>[^\s:][^:]*):(?<line>\d+):(?<col>\d+): (?<sev>error|warning|note): (?<msg>.+) \[(?<tag>[^\]]+)\]$/;
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function render(report = validateReport(), color = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-conform-reports-'));
  dirs.push(dir);
  const destination = join(dir, 'out.txt');
  const text = await textReporter(testOptions({ color, destination })).finish(report);
  expect(await readFile(destination, 'utf8')).toBe(text);
  return text;
}

describe('text reporter, validate report', () => {
  it('writes one gcc-style line per finding with file:line:col, severity and [rule, class; requirement id (KEYWORD), link]', async () => {
    const report = validateReport();
    const opts = testOptions();
    const lines = (await render(report)).split('\n');
    const got = lines.flatMap((l) => {
      const m = gcc.exec(l);
      return m ? [m.groups!] : [];
    });
    const want = report.cases
      .filter((c) => c.status !== 'xfail')
      .flatMap((c) => c.findings)
      .map((f) => {
        if (f.location.kind !== 'document') throw new Error('fixture uses document locations');
        const first = f.requirements[0];
        const d = first ? opts.describe(first) : undefined;
        return {
          key: `${f.location.file}:${f.location.line}:${f.location.column}:${f.severity === 'info' ? 'note' : f.severity}`,
          tag:
            `${f.rule}, ${f.level}` +
            (first
              ? `; requirement ${first}${d ? ` (${d.level})` : ''}${f.requirements.length > 1 ? ` (+${f.requirements.length - 1})` : ''}${d ? `, ${d.link}` : ''}`
              : ''),
        };
      });
    expect(
      got.map((g) => ({ key: `${g.file}:${g.line}:${g.col}:${g.sev}`, tag: g.tag })).sort(byKey),
    ).toEqual(want.sort(byKey));
  });

  it('groups lines by file and orders them by line within a file', async () => {
    const files = (await render())
      .split('\n')
      .map((l) => gcc.exec(l)?.groups)
      .filter((g) => g !== undefined);
    const order = files.map((g) => g.file);
    // Each file forms one contiguous run.
    const runs = order.filter((f, i) => i === 0 || order[i - 1] !== f);
    expect(new Set(runs).size).toBe(runs.length);
    for (let i = 1; i < files.length; i++) {
      if (files[i]!.file === files[i - 1]!.file)
        expect(Number(files[i]!.line)).toBeGreaterThanOrEqual(Number(files[i - 1]!.line));
    }
  });

  it('ends with the totals from the report', async () => {
    const report = validateReport();
    const text = await render(report);
    const last = text.trimEnd().split('\n').at(-1)!;
    const t = report.totals.findings;
    expect(last).toMatch(/^\d+ errors?, \d+ warnings? in \d+ files?$/);
    const [, e, w, f] = /^(\d+) errors?, (\d+) warnings? in (\d+) files?$/.exec(last)!;
    expect([Number(e), Number(w), Number(f)]).toEqual([t.error, t.warning, 2]);
  });

  it('has no escape codes without colour, and colours the same text with it', async () => {
    const plain = await render(validateReport(), false);
    const coloured = await render(validateReport(), true);
    expect(plain).not.toContain('\x1b');
    expect(coloured).toMatch(ansi);
    expect(coloured.replace(ansi, '')).toBe(plain);
  });
});

describe('text reporter, other locations', () => {
  it('puts expected failures first in their file: xfail as a note, xpass as an error', async () => {
    const report = validateReport();
    const base = { requirements: [], findings: [], durationMs: 0, evidence: {} };
    report.cases = [
      { ...base, id: 'rule-a', group: 'config.json', status: 'xfail', reason: 'known bug' },
      { ...base, id: 'rule-b', group: 'config.json', status: 'xpass' },
    ];
    const lines = (await render(report)).split('\n');
    expect(lines).toContain('config.json: note: rule rule-a failed as expected (known bug)');
    expect(lines).toContain('config.json: error: rule rule-b was expected to fail but passed');
  });
  it('names layer entries, bare files and rules that could not run', async () => {
    const report = validateReport();
    report.command = 'validate-image';
    report.cases = [
      {
        id: 'layer-whiteout',
        group: 'image.tar',
        requirements: [],
        status: 'fail',
        findings: [
          {
            rule: 'layer-whiteout',
            requirements: [],
            level: 'must',
            severity: 'error',
            location: { kind: 'layer', file: 'image.tar', digest: 'sha256:abcd', path: 'etc/.wh..wh..opq' },
            message: 'expected an opaque whiteout in a directory, found it at the top',
          },
          {
            rule: 'layer-whiteout',
            requirements: [],
            level: 'info',
            severity: 'info',
            location: { kind: 'file', file: 'index.json' },
            message: 'expected nothing, found a note',
          },
        ],
        durationMs: 0,
        evidence: {},
      },
      {
        id: 'manifest-schema',
        group: 'image.tar',
        requirements: [],
        status: 'error',
        reason: 'could not read blob sha256:ffff',
        findings: [],
        durationMs: 0,
        evidence: {},
      },
    ];
    const lines = (await render(report)).split('\n');
    expect(lines).toContain(
      'image.tar (layer sha256:abcd, entry etc/.wh..wh..opq): error: expected an opaque whiteout in a directory, found it at the top [layer-whiteout, must]',
    );
    expect(lines).toContain('index.json: note: expected nothing, found a note [layer-whiteout, info]');
    expect(
      lines.some((l) =>
        /^image\.tar: error: rule manifest-schema could not run: could not read blob/.test(l),
      ),
    ).toBe(true);
  });
});

describe('text reporter, run report', () => {
  const label: Record<CaseResult['status'], string> = {
    pass: 'PASS',
    fail: 'FAIL',
    skip: 'SKIP',
    error: 'ERROR',
    xfail: 'XFAIL',
    xpass: 'XPASS',
  };

  it('writes one status line per case, with the reason', async () => {
    const report = runReport();
    const text = await render(report);
    const status = text
      .split('\n')
      .map((l) => /^ {2}(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS)\s+(\S+)(.*)$/.exec(l))
      .filter((m) => m !== null);
    expect(status).toHaveLength(report.cases.length);
    for (const c of report.cases) {
      const m = status.find((s) => s[2]!.replace(/:$/, '') === c.id);
      expect(m, c.id).toBeDefined();
      expect(m![1]).toBe(label[c.status]);
      if (c.reason) expect(m![3]).toContain(c.reason);
    }
  });

  it('shows findings with expected/actual and the failing command with its stderr tail', async () => {
    const report = runReport();
    const text = await render(report);
    const failed = report.cases.find((c) => c.status === 'fail')!;
    const block = text.slice(text.indexOf(failed.id));
    const f = failed.findings[0]!;
    expect(block).toContain(`expected: ${JSON.stringify(f.expected)}`);
    expect(block).toContain(`actual: ${JSON.stringify(f.actual)}`);
    expect(block).toContain(failed.evidence.commands![0]!.argv.join(' '));
    expect(block).toContain('| line1');
    const errored = report.cases.find((c) => c.status === 'error')!;
    const eblock = text.slice(text.indexOf(errored.id));
    expect(eblock).toContain(`${errored.evidence.commands![0]!.argv.join(' ')} (timed out)`);
  });

  it('ends with status totals that match the report', async () => {
    const report = runReport();
    const last = (await render(report)).trimEnd().split('\n').at(-1)!;
    const t = report.totals;
    expect(last).toContain(
      `${t.pass} pass, ${t.fail} fail, ${t.skip} skip, ${t.error} error, ${t.xfail} xfail, ${t.xpass} xpass`,
    );
  });

  it('never passes through control characters from the subject', async () => {
    const plain = await render(hostileReport(), false);
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(plain).toContain('\\x1b[1m');
    const coloured = await render(hostileReport(), true);
    expect(coloured.replace(ansi, '')).toBe(plain);
  });
});

describe('text reporter progress', () => {
  function sink(isTTY: boolean): { stream: Writable & { isTTY: boolean }; text: () => string } {
    let buf = '';
    const stream = Object.assign(
      new Writable({
        write(chunk, _enc, cb) {
          buf += String(chunk);
          cb();
        },
      }),
      { isTTY },
    );
    return { stream, text: () => buf };
  }

  it('is off unless asked for', () => {
    const s = sink(true);
    const r = textReporter(testOptions({ progressStream: s.stream }));
    for (const c of runReport().cases) r.onCaseEnd?.(c);
    expect(s.text()).toBe('');
  });

  it('writes one line per case when not a TTY, and rewrites one line on a TTY', async () => {
    const plain = sink(false);
    const r = textReporter(testOptions({ progress: true, progressStream: plain.stream }));
    const cases = runReport().cases;
    for (const c of cases) r.onCaseEnd?.(c);
    expect(plain.text().trimEnd().split('\n')).toHaveLength(cases.length);
    expect(plain.text()).not.toContain('\x1b');

    const tty = sink(true);
    const dir = await mkdtemp(join(tmpdir(), 'oci-conform-reports-'));
    dirs.push(dir);
    const r2 = textReporter(
      testOptions({ progress: true, progressStream: tty.stream, destination: join(dir, 'o.txt') }),
    );
    for (const c of cases) r2.onCaseEnd?.(c);
    expect(tty.text()).not.toContain('\n');
    expect(tty.text().split('\r\x1b[2K').filter(Boolean)).toHaveLength(cases.length);
    await r2.finish(runReport());
    expect(tty.text().endsWith('\r\x1b[2K')).toBe(true);
  });
});

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

describe('text reporter, host line', () => {
  it('says which kernel, cgroup mode and deadline factor the run saw, second line of the report', async () => {
    const report = {
      ...runReport(),
      host: { kernel: '6.1.0-57-amd64', arch: 'x64', cgroupMode: 'v2' as const, timeoutScale: 10 },
    };
    expect((await render(report)).split('\n')[1]).toBe(
      'host: kernel 6.1.0-57-amd64 (x64), cgroup v2, timeouts x10',
    );
    const hybrid = { ...runReport(), host: { cgroupMode: 'hybrid' as const } };
    expect((await render(hybrid)).split('\n')[1]).toBe('host: cgroup hybrid');
    const { host: _, ...none } = runReport();
    expect((await render(none)).split('\n')[1]).toBe('');
  });
});
