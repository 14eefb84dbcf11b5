import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../model/report.js';
import {
  comparable,
  compareRun,
  diffValues,
  maxDifferences,
  runWideMinCases,
  withReference,
  type ReferenceEvidence,
} from './compare.js';

const subjectRun = { runTag: 'aaaa1111', workDir: '/tmp/oci-conform-AAAAAA' };
const referenceRun = { runTag: 'bbbb2222', workDir: '/tmp/oci-conform-BBBBBB' };
const opts = { subjectRun, referenceRun, referenceName: 'ref 0.1' };

function result(
  observation: unknown,
  over: Partial<CaseResult> = {},
  verbs = ['create', 'start'],
): CaseResult {
  return {
    id: 'x.case',
    group: 'x',
    requirements: [],
    status: 'pass',
    findings: [],
    durationMs: 1,
    evidence: {
      commands: verbs.map((v) => ({
        argv: ['rt', '--root', '/r', v, 'id'],
        exitCode: 0,
        signal: null,
        stdout: '',
        stderr: '',
        durationMs: 1,
        timedOut: false,
      })),
      observation,
    },
    ...over,
  };
}

/** A probe-like observation of one run: every value that varies per run comes from `run`. */
function probeObservation(run: { runTag: string; workDir: string }, pid: number, nsBase: number) {
  return {
    probe: {
      pid: 1,
      ppid: 0,
      namespaces: { mnt: { link: `mnt:[${nsBase}]`, inode: nsBase }, user: { inode: 4026531837 } },
      mounts: [
        { id: 100 + nsBase, parent: 50, mountPoint: '/', root: `${run.workDir}/c/1/bundle0/rootfs` },
        { id: 101 + nsBase, parent: 100 + nsBase, mountPoint: '/proc', device: `0:${nsBase % 97}` },
      ],
      devices: [{ path: '/dev/null' }, { path: '/dev/zero' }],
      fds: [{ fd: 1, target: `${run.workDir}/c/1/x.case-${run.runTag}.stdout` }],
    },
    state: {
      id: `x.case-${run.runTag}`,
      pid,
      created: '2026-11-28T02:11:57.463805839Z',
      bundle: `${run.workDir}/c/1/bundle0`,
    },
    hooks: [
      {
        monotonicNs: String(pid * 1000),
        pid: pid + 1,
        stdin: JSON.stringify({ id: `x.case-${run.runTag}`, pid, status: 'creating' }),
      },
    ],
  };
}

describe('comparison with the reference runtime', () => {
  it('ignores pids, times, run paths and tags, new namespace inodes, mount ids and path-list order', () => {
    const a = probeObservation(subjectRun, 4242, 4026532177);
    const b = probeObservation(referenceRun, 5151, 4026532300);
    b.probe.devices.reverse();
    expect(comparable(result(a), subjectRun)).toEqual(comparable(result(b), referenceRun));
    const out = withReference(result(a), result(b), opts);
    expect(out.evidence.reference).toBeUndefined();
    expect(out.evidence.notes).toBeUndefined();
  });

  it("ignores mount ids in a trial's mounts N list, and the runtime's own init at the state's pid", () => {
    const trial = (ids: number, init: string[], program: string[]) => ({
      'mounts 1': [
        { id: ids, parent: ids - 7, mountPoint: '/' },
        { id: ids + 1, parent: ids, mountPoint: '/mnt/x' },
      ],
      hooks: [
        { name: 'createContainer', statePidProcess: { pid: 9, exe: init[0], cmdline: init } },
        { name: 'poststart', statePidProcess: { pid: 9, exe: '/probe', cmdline: program } },
      ],
    });
    const a = trial(126, ['runc', 'init'], ['/probe', 'wait']);
    const b = trial(73, ['/opt/oci-ref-init', '/run/x/plan'], ['/probe', 'wait']);
    expect(withReference(result(a), result(b), opts).evidence.reference).toBeUndefined();
    // the container's program at the pid is compared: a runtime init where the probe should run differs
    const late = trial(73, ['/opt/oci-ref-init', '/run/x/plan'], ['/opt/oci-ref-init', '/run/x/plan']);
    const diffs = (withReference(result(a), result(late), opts).evidence.reference as ReferenceEvidence)
      .differences;
    expect(diffs).toEqual([
      {
        pointer: '/observation/hooks/1/statePidProcess',
        subject: { pid: '<pid>', exe: '/probe', cmdline: ['/probe', 'wait'] },
        reference: '<runtime init>',
      },
    ]);
  });

  it('reports a real difference by pointer, keeps the subject verdict, adds a note', () => {
    const a = probeObservation(subjectRun, 4242, 4026532177);
    const b = probeObservation(referenceRun, 5151, 4026532300);
    b.probe.namespaces.user.inode = 4026532400; // a new user namespace in the reference only
    (b.state as Record<string, unknown>).pid = 0;
    const out = withReference(result(a, { status: 'fail' }), result(b), opts);
    expect(out.status).toBe('fail');
    const ref = out.evidence.reference as ReferenceEvidence;
    expect(ref.status).toBe('pass');
    expect(ref.runtime).toBe('ref 0.1');
    expect(ref.differences).toEqual([
      { pointer: '/observation/probe/namespaces/user/inode', subject: 4026531837, reference: '<new-ns>' },
      { pointer: '/observation/state/pid', subject: '<pid>', reference: 0 },
    ]);
    expect(out.evidence.notes!.at(-1)).toMatch(/reference runtime: verdict pass, 2 observation differences/);
  });

  it('compares JSON inside strings, mount trees by mount point, and absent keys', () => {
    const a = probeObservation(subjectRun, 4242, 4026532177);
    const b = probeObservation(referenceRun, 5151, 4026532300);
    b.hooks[0]!.stdin = JSON.stringify({ id: `x.case-${referenceRun.runTag}`, pid: 5151, status: 'created' });
    b.probe.mounts.push({ id: 7, parent: 100 + 4026532300, mountPoint: '/proc/acpi', root: '/' });
    delete (b.state as Record<string, unknown>).created;
    const diffs = (withReference(result(a), result(b), opts).evidence.reference as ReferenceEvidence)
      .differences;
    expect(diffs.map((d) => d.pointer)).toEqual([
      '/observation/probe/mounts/~1proc~1acpi',
      '/observation/state/created',
      '/observation/hooks/0/stdin/json/status',
    ]);
    expect(diffs[0]!.reference).toEqual({ parent: '/', mountPoint: '/proc/acpi', root: '/' });
    expect('reference' in diffs[1]!).toBe(false);
    expect(diffs[1]!.subject).toBe('<time>');
  });

  it('compares command outcomes without state polls, and reports a different verdict alone', () => {
    const a = result({}, {}, ['create', 'state', 'state', 'delete']);
    const b = result({}, { status: 'fail', reason: 'r' }, ['create', 'state', 'delete']);
    b.evidence.commands![2]!.exitCode = 1;
    const ref = withReference(a, b, opts).evidence.reference as ReferenceEvidence;
    expect(ref.status).toBe('fail');
    expect(ref.reason).toBe('r');
    expect(ref.differences).toEqual([
      { pointer: '/commands/id', subject: ['create: 0', 'delete: 0'], reference: ['create: 0', 'delete: 1'] },
    ]);
    const same = withReference(a, result({}, { status: 'fail' }, ['create', 'delete']), opts);
    expect((same.evidence.reference as ReferenceEvidence).differences).toEqual([]);
  });

  it('compares commands per container: two containers driven at once may interleave', () => {
    const a = result({}, {}, ['create', 'create', 'kill']);
    const b = result({}, {}, ['create', 'kill', 'create']);
    a.evidence.commands![0]!.argv[4] = `one-${subjectRun.runTag}`;
    a.evidence.commands![2]!.argv[4] = `one-${subjectRun.runTag}`;
    b.evidence.commands![0]!.argv[4] = `one-${referenceRun.runTag}`;
    b.evidence.commands![1]!.argv[4] = `one-${referenceRun.runTag}`;
    expect(comparable(a, subjectRun).commands).toEqual({
      'one-<run-tag>': ['create: 0', 'kill: 0'],
      id: ['create: 0'],
    });
    expect(withReference(a, b, opts).evidence.reference).toBeUndefined();
  });

  it('keeps differences from every branch when it must leave some out', () => {
    const noisy = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const ref = withReference(
      result({ noisy: { hook: noisy }, order: ['a', 'b'] }),
      result({ noisy: { hook: {} }, order: ['b', 'a'] }),
      opts,
    ).evidence.reference as ReferenceEvidence;
    expect(ref.differences.length).toBe(maxDifferences);
    expect(ref.differences.at(-1)!.pointer).toBe('/observation/order');
  });

  it('does not compare skipped cases, caps the differences it keeps', () => {
    expect(
      withReference(result({ a: 1 }), result({ a: 2 }, { status: 'skip' }), opts).evidence.reference,
    ).toBe(undefined);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const ref = withReference(result(many), result({}), opts).evidence.reference as ReferenceEvidence;
    expect(ref.differences.length).toBe(maxDifferences);
    expect(ref.omitted).toBe(40 - maxDifferences);
  });

  it('diffs arrays of objects by index and plain lists as one value', () => {
    expect(diffValues({ l: [{ a: 1 }, { a: 2 }] }, { l: [{ a: 1 }] })).toEqual([
      { pointer: '/l/1', subject: { a: 2 } },
    ]);
    expect(diffValues({ env: ['A=1', 'B=2'] }, { env: ['B=2'] })).toEqual([
      { pointer: '/env', subject: ['A=1', 'B=2'], reference: ['B=2'] },
    ]);
    expect(diffValues(1, 2)).toEqual([{ pointer: '/', subject: 1, reference: 2 }]);
  });
});

describe('compareRun', () => {
  it('reports a difference seen in several cases once, and leaves the per-case ones in each case', () => {
    const ids = Array.from({ length: runWideMinCases + 1 }, (_, i) => `x.case${i}`);
    const cases = ids.map((id, i) => ({
      // every case: ociVersion differs the same way (in a different place); case 0 also differs in env
      subject: result(
        {
          state: { ociVersion: '1.0.2-dev' },
          [`s${i}`]: [{ ociVersion: '1.0.2-dev' }],
          env: i === 0 ? ['A=1'] : [],
        },
        { id },
      ),
      reference: result(
        { state: { ociVersion: '1.3.0' }, [`s${i}`]: [{ ociVersion: '1.3.0' }], env: [] },
        { id },
      ),
      referenceRun,
    }));
    const r = compareRun(cases, { subjectRun, referenceName: 'ref 0.1' });
    expect(r.compared).toBe(ids.length);
    expect(r.runWide).toEqual([
      { field: 'ociVersion', subject: '1.0.2-dev', reference: '1.3.0', cases: ids },
    ]);
    // case 0 keeps only its own difference; the others have nothing left and stay unchanged
    const ref0 = r.results[0]!.evidence.reference as ReferenceEvidence;
    expect(ref0.differences).toEqual([{ pointer: '/observation/env', subject: ['A=1'], reference: [] }]);
    for (const c of r.results.slice(1)) expect(c.evidence.reference).toBeUndefined();
  });

  it('keeps a difference seen in fewer cases per case, and does not compare skipped or missing cases', () => {
    const cases = [
      { subject: result({ v: 1 }, { id: 'a' }), reference: result({ v: 2 }, { id: 'a' }), referenceRun },
      {
        subject: result({ v: 1 }, { id: 'b' }),
        reference: result({ v: 2 }, { id: 'b', status: 'skip' }),
        referenceRun,
      },
      { subject: result({ v: 1 }, { id: 'c' }), reference: undefined, referenceRun },
    ];
    const r = compareRun(cases, { subjectRun, referenceName: 'ref 0.1' });
    expect(r.compared).toBe(1);
    expect(r.runWide).toEqual([]);
    expect((r.results[0]!.evidence.reference as ReferenceEvidence).differences).toEqual([
      { pointer: '/observation/v', subject: 1, reference: 2 },
    ]);
    expect(r.results[1]!.evidence.reference).toBeUndefined();
  });
});
