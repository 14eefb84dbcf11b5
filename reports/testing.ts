// Report fixtures for the reporter tests: a validate report (errors and warnings across two files)
// and a run report (one case of every status, with runtime evidence). Built in code, no files.
import type { CaseResult, Finding, Report } from '../model/report.js';
import { computeTotals, exitCodeFor } from '../model/policy.js';
import type { ReporterOptions } from './reporter.js';

const known: Record<string, { level: string; text: string; doc: string }> = {
  'config.process.cwd-absolute': { level: 'MUST', text: 'cwd must be absolute', doc: 'config.md#process' },
  'config.hostname.uts': {
    level: 'SHOULD',
    text: 'hostname needs a uts namespace',
    doc: 'config.md#hostname',
  },
  'config.root.path': { level: 'REQUIRED', text: 'root.path is required', doc: 'config.md#root' },
  'runtime.lifecycle.start-runs-process': {
    level: 'MUST',
    text: 'start runs the user process',
    doc: 'runtime.md#start',
  },
  'runtime.delete.not-stopped-errors': {
    level: 'MUST',
    text: 'delete of a running container errors',
    doc: 'runtime.md#delete',
  },
  'runtime.kill.signal': { level: 'MUST', text: 'kill sends the signal', doc: 'runtime.md#kill' },
};

/** Reporter options with a small requirement view (unknown ids resolve to undefined). */
export function testOptions(over: Partial<ReporterOptions> = {}): ReporterOptions {
  return {
    color: false,
    specVersion: '1.3.0',
    describe(id) {
      const k = known[id];
      if (!k) return undefined;
      return {
        level: k.level,
        text: k.text,
        link: `https://github.com/opencontainers/runtime-spec/blob/v1.3.0/${k.doc}`,
      };
    },
    ...over,
  };
}

function finish(base: Omit<Report, 'totals' | 'exitCode'>): Report {
  const totals = computeTotals(base.cases);
  const report: Report = { ...base, totals, exitCode: 0 };
  report.exitCode = exitCodeFor(report);
  return report;
}

function docFinding(
  file: string,
  line: number,
  column: number,
  rule: string,
  requirements: string[],
  severity: 'error' | 'warning' | 'info',
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    rule,
    requirements,
    level: severity === 'error' ? 'must' : severity === 'warning' ? 'should' : 'info',
    severity,
    location: { kind: 'document', file, pointer: '/process/cwd', line, column },
    message,
    ...extra,
  };
}

/** `validate` over two files: 3 errors and 2 warnings (one hazard without requirements). */
export function validateReport(): Report {
  const a = 'bundle-a/config.json';
  const b = 'bundle-b/config.json';
  const cases: CaseResult[] = [
    {
      id: 'process-cwd-absolute',
      group: a,
      requirements: ['config.process.cwd-absolute'],
      status: 'fail',
      findings: [
        docFinding(
          a,
          12,
          5,
          'process-cwd-absolute',
          ['config.process.cwd-absolute'],
          'error',
          'expected an absolute path, found "relative/dir"',
          {
            expected: 'an absolute path',
            actual: 'relative/dir',
          },
        ),
      ],
      durationMs: 1,
      evidence: {},
    },
    {
      id: 'hostname-uts',
      group: a,
      requirements: ['config.hostname.uts'],
      status: 'pass',
      findings: [
        docFinding(
          a,
          3,
          15,
          'hostname-uts',
          ['config.hostname.uts'],
          'warning',
          'expected a uts namespace with hostname, found none',
        ),
      ],
      durationMs: 0,
      evidence: {},
    },
    {
      id: 'root-path',
      group: b,
      requirements: ['config.root.path'],
      status: 'fail',
      findings: [
        docFinding(
          b,
          2,
          3,
          'root-path',
          ['config.root.path'],
          'error',
          'expected root.path, found no path <&"\'>',
        ),
        docFinding(b, 40, 1, 'root-path', ['config.root.path'], 'error', 'expected a string, found 42', {
          expected: 'string',
          actual: 42,
        }),
      ],
      durationMs: 2,
      evidence: {},
    },
    {
      id: 'mount-hazard',
      group: b,
      requirements: [],
      status: 'pass',
      findings: [
        {
          rule: 'mount-hazard',
          requirements: [],
          level: 'hazard',
          severity: 'warning',
          location: { kind: 'document', file: b, pointer: '/mounts/0', line: 20, column: 7 },
          message:
            'expected a mount destination inside the container, found /proc/sys bind-mounted read-write',
        },
      ],
      durationMs: 0,
      evidence: {},
    },
    {
      id: 'unknown-version',
      group: b,
      requirements: [],
      status: 'skip',
      reason: 'ociVersion 9.9.9 is newer than the newest known spec',
      findings: [],
      durationMs: 0,
      evidence: {},
    },
  ];
  return finish({
    reportVersion: 1,
    tool: { name: 'oci-conform', version: '0.1.0' },
    command: 'validate',
    specVersion: '1.3.0',
    level: 'must',
    subject: { kind: 'config', paths: [a, b] },
    startedAt: '2026-11-28T01:00:00.000Z',
    durationMs: 14,
    cases,
  });
}

const root = ['runc', '--root', '/tmp/oci-conform-reports/root'];

/** `run` against runc: one case of every status, with commands, observations and nasty bytes in stderr. */
export function runReport(): Report {
  const cases: CaseResult[] = [
    {
      id: 'runtime.lifecycle.start-runs-process',
      group: 'lifecycle',
      requirements: ['runtime.lifecycle.start-runs-process'],
      status: 'pass',
      findings: [],
      durationMs: 120,
      evidence: {
        commands: [
          {
            argv: [...root, 'create', '--bundle', '/tmp/b1', 'rep-1'],
            exitCode: 0,
            signal: null,
            stdout: '',
            stderr: '',
            durationMs: 40,
            timedOut: false,
          },
        ],
        observation: { args: ['/probe', 'observe'] },
      },
    },
    {
      id: 'runtime.delete.not-stopped-errors',
      group: 'lifecycle',
      requirements: ['runtime.delete.not-stopped-errors'],
      status: 'fail',
      findings: [
        {
          rule: 'runtime.delete.not-stopped-errors',
          requirements: ['runtime.delete.not-stopped-errors'],
          level: 'must',
          severity: 'error',
          location: {
            kind: 'command',
            argv: [...root, 'delete', 'rep-2'],
            exitCode: 0,
            signal: null,
            stderrTail: '',
          },
          message: 'expected delete of a running container to fail, found exit 0',
          expected: { exitCode: 'non-zero' },
          actual: { exitCode: 0 },
        },
      ],
      durationMs: 300,
      evidence: {
        commands: [
          {
            argv: [...root, 'delete', 'rep-2'],
            exitCode: 0,
            signal: null,
            stdout: '',
            // Control characters, an invalid XML char, a CDATA terminator (twice) and markup.
            stderr:
              'line1\nwarn: \x1b[31mred\x1b[0m \u0000nul\u0001 ]]> and ]]> <script>alert(1)</script> & "q" \'a\'\n',
            durationMs: 20,
            timedOut: false,
          },
        ],
        observation: { status: 'running', note: '<b>&amp;</b>' },
        expected: { status: 'running' },
        notes: ['runc deletes a created container; the spec requires an error'],
      },
    },
    {
      id: 'runtime.cgroups.hugetlb',
      group: 'cgroups',
      requirements: ['runtime.cgroups.hugetlb'],
      status: 'skip',
      reason: 'no hugetlb controller on this host',
      findings: [],
      durationMs: 0,
      evidence: {},
    },
    {
      id: 'runtime.kill.signal',
      group: 'process',
      requirements: ['runtime.kill.signal'],
      status: 'error',
      reason: 'runtime create timed out after 10000 ms',
      findings: [],
      durationMs: 10_000,
      evidence: {
        commands: [
          {
            argv: [...root, 'create', '--bundle', '/tmp/b4', 'rep-4'],
            exitCode: null,
            signal: 'SIGKILL',
            stdout: '',
            stderr:
              'time="2026-11-28" level=error msg="container_linux.go: starting container process caused"\n',
            durationMs: 10_000,
            timedOut: true,
          },
        ],
      },
    },
    {
      id: 'runtime.hooks.poststart-failure',
      group: 'hooks',
      requirements: ['runtime.lifecycle.start-runs-process'],
      status: 'xfail',
      reason: 'baseline: runc warns instead of failing',
      findings: [
        {
          rule: 'runtime.hooks.poststart-failure',
          requirements: ['runtime.lifecycle.start-runs-process'],
          level: 'must',
          severity: 'error',
          location: { kind: 'observation', field: 'exitCode' },
          message: 'expected start to fail, found success',
        },
      ],
      durationMs: 50,
      evidence: {},
    },
    {
      id: 'runtime.namespaces.uts',
      group: 'namespaces',
      requirements: ['runtime.namespaces.uts'],
      status: 'xpass',
      reason: 'baseline: known uts bug',
      findings: [],
      durationMs: 60,
      evidence: {},
    },
    {
      id: 'runtime.process.umask',
      group: 'process',
      requirements: ['runtime.kill.signal'],
      status: 'pass',
      findings: [
        {
          rule: 'runtime.process.umask',
          requirements: [],
          level: 'hazard',
          severity: 'warning',
          location: { kind: 'observation', field: 'umask' },
          message: 'expected umask 0022, found 0077',
        },
      ],
      durationMs: 70,
      evidence: {},
    },
  ];
  return finish({
    reportVersion: 1,
    tool: { name: 'oci-conform', version: '0.1.0' },
    command: 'run',
    specVersion: '1.3.0',
    level: 'must',
    profile: 'spec',
    subject: {
      kind: 'runtime',
      paths: ['/usr/sbin/runc'],
      runtimeVersion: 'runc version 1.1.5\nspec: 1.0.2-dev',
    },
    host: { kernel: '6.1.0', cgroupMode: 'hybrid', arch: 'amd64' },
    startedAt: '2026-11-28T01:00:00.000Z',
    durationMs: 10_600,
    cases,
    coverage: {
      kinds: ['cli', 'inside'],
      requirements: [
        {
          id: 'runtime.delete.not-stopped-errors',
          level: 'MUST',
          doc: 'runtime.md',
          link: 'https://github.com/opencontainers/runtime-spec/blob/v1.3.0/runtime.md#delete',
          cases: ['runtime.delete.not-stopped-errors'],
          status: 'fail',
        },
        {
          id: 'runtime.features.json',
          level: 'MUST',
          doc: 'runtime.md',
          link: 'javascript:alert(1)',
          cases: [],
          status: 'untested',
        },
      ],
      totals: [
        { doc: 'runtime.md', all: { covered: 1, total: 2 }, must: { covered: 1, total: 2 } },
        { doc: 'all', all: { covered: 1, total: 2 }, must: { covered: 1, total: 2 } },
      ],
    },
  });
}

/** Hostile strings everywhere a subject can put them: markup, quotes, control and non-XML characters. */
export function hostileReport(): Report {
  const bad = `<script>alert("x")</script> & 'q' \u0000\u0008\u001b[1m \uFFFE \uD800 ]]> ]]> #hash \\ end`;
  const base = runReport();
  const cases: CaseResult[] = [
    {
      id: `weird.case <&"'> #1`,
      group: `area <&"'>\u0000`,
      requirements: [`req <&"'>`],
      status: 'fail',
      reason: `line one\nline two ${bad}`,
      findings: [
        {
          rule: `rule <&"'>`,
          requirements: [`req <&"'>`],
          level: 'must',
          severity: 'error',
          location: {
            kind: 'command',
            argv: ['runc', 'exec', bad],
            exitCode: 1,
            signal: null,
            stderrTail: bad,
          },
          message: `expected nothing, found ${bad}`,
          expected: bad,
          actual: { [bad]: bad },
        },
      ],
      durationMs: 1,
      evidence: {
        commands: [
          {
            argv: ['runc', 'exec', bad],
            exitCode: 1,
            signal: null,
            stdout: bad,
            stderr: `${bad}\n${bad}\n`,
            durationMs: 1,
            timedOut: false,
          },
        ],
        observation: { bad },
        notes: [bad],
      },
    },
    {
      id: `skip <&"'>`,
      group: `area <&"'>\u0000`,
      requirements: [],
      status: 'skip',
      reason: bad,
      findings: [],
      durationMs: 0,
      evidence: {},
    },
    {
      id: 'errored',
      group: 'plain',
      requirements: [],
      status: 'error',
      reason: bad,
      findings: [],
      durationMs: 0,
      evidence: {},
    },
  ];
  return finish({
    ...base,
    cases,
    coverage: {
      kinds: [bad],
      requirements: [{ id: bad, level: 'MUST', doc: bad, link: bad, cases: [bad], status: 'untested' }],
      totals: [{ doc: bad, all: { covered: 1, total: 1 }, must: { covered: 1, total: 1 } }],
    },
    errors: [bad],
  });
}

/** A validation that checked nothing (no cases at all). */
export function emptyReport(): Report {
  const { totals: _t, exitCode: _e, ...base } = validateReport();
  return finish({ ...base, cases: [], subject: { kind: 'config', paths: [] } });
}
