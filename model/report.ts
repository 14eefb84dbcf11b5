// The report model shared by every command: plain, serialisable data (DESIGN.md "The data model").
// This folder is the bottom layer: everything may import it, it imports nothing of ours.

/** RFC 2119 keyword as the spec writes it, plus the inventory's extra classes. */
export type Rfc2119 =
  | 'MUST'
  | 'MUST NOT'
  | 'REQUIRED'
  | 'SHALL'
  | 'SHALL NOT'
  | 'SHOULD'
  | 'SHOULD NOT'
  | 'RECOMMENDED'
  | 'NOT RECOMMENDED'
  | 'MAY'
  | 'OPTIONAL'
  | 'INFORMAL-MUST'
  | 'INFORMAL-SHOULD'
  | 'DESCRIPTIVE';

/** One normative statement of a spec, as data. */
export interface Requirement {
  /** Stable id, spelled one way everywhere (CLI filter, JUnit property, docs anchor). */
  id: string;
  spec: 'runtime' | 'image';
  /** First spec version the statement applies to. */
  since: string;
  /** First spec version it no longer applies to (exclusive). */
  until?: string;
  /** Spec document, e.g. `config-linux.md`. */
  doc: string;
  /** Anchor inside the document (GitHub heading slug). */
  anchor: string;
  level: Rfc2119;
  /** Our own paraphrase of the statement. */
  text: string;
}

/**
 * The class a finding belongs to, which `--level` compares against.
 * `hazard`: the spec states no requirement but the setting is likely wrong (acts on the host,
 * or does nothing); never fails a run. `info`: reported for the reader, never fails.
 */
export type FindingLevel = 'must' | 'should' | 'may' | 'hazard' | 'info';

/** Effective severity after `--level` is applied (pure function at the edge). */
export type Severity = 'error' | 'warning' | 'info';

/** Where a finding points. No finding is ever only prose. */
export type Location =
  | {
      kind: 'document';
      file: string;
      /** RFC 6901 JSON pointer; '' is the whole document. */
      pointer: string;
      line: number;
      column: number;
      /** The blob digest when the document is a blob of an image. */
      digest?: string;
    }
  | {
      kind: 'layer';
      file: string;
      digest: string;
      /** Path of the entry inside the tar stream. */
      path?: string;
      /** Byte offset of the entry header in the uncompressed stream. */
      offset?: number;
    }
  | {
      kind: 'file';
      file: string;
      line?: number;
      column?: number;
    }
  | {
      kind: 'command';
      argv: string[];
      exitCode: number | null;
      signal?: string | null;
      stderrTail?: string;
    }
  | { kind: 'observation'; field: string };

export interface Finding {
  /** Rule or case id that produced it. */
  rule: string;
  /**
   * Runtime cases: the stable key of the check that failed (its `what`, unique within the case), which a
   * baseline lists with the requirement id to expect this finding.
   */
  check?: string;
  /** Requirement ids the finding is evidence against (may be empty for pure hazards). */
  requirements: string[];
  level: FindingLevel;
  /** Set by the policy at the end of a run; rules leave it out. */
  severity?: Severity;
  location: Location;
  /** Lower case, no trailing period, says what was expected and what was found. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Set by the policy when `--disable` (or the config file) names its rule or a requirement of it. */
  suppressed?: true;
  /**
   * Set by `run --expect` on the findings of a case the baseline lists: `expected` when the baseline
   * lists the finding, `new` when it does not (such a finding makes the case a new failure).
   */
  baseline?: 'expected' | 'new';
}

export type CaseStatus = 'pass' | 'fail' | 'skip' | 'error' | 'xfail' | 'xpass';

/** One runtime command as it was run, returned as data. */
export interface CommandRecord {
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /**
   * Bytes the process wrote on each stream when more than the harness keeps (1 MiB): `stdout`/`stderr`
   * then hold only the first part. Absent when nothing was cut.
   */
  outputBytes?: { stdout?: number; stderr?: number };
}

export interface Evidence {
  commands?: CommandRecord[];
  /** What the probe (or host-side reader) observed. */
  observation?: unknown;
  expected?: unknown;
  /** The reference runtime's observation, when it differs. */
  reference?: unknown;
  /** Free notes (e.g. the documented runc/spec difference for a profile-dependent case). */
  notes?: string[];
}

export interface CaseResult {
  /** Case id (runtime) or rule id (validate). */
  id: string;
  /** Group: runtime area, or the file a rule was applied to. */
  group: string;
  requirements: string[];
  status: CaseStatus;
  /** Why it was skipped, errored, or expected to fail. */
  reason?: string;
  findings: Finding[];
  durationMs: number;
  evidence: Evidence;
}

export interface Subject {
  kind: 'config' | 'image' | 'runtime';
  /** Files, image paths, or the runtime binary path. */
  paths: string[];
  runtimeVersion?: string;
  features?: unknown;
}

export interface HostFacts {
  kernel?: string;
  cgroupMode?: 'v1' | 'v2' | 'hybrid' | 'none';
  capabilities?: string[];
  userNamespaces?: boolean;
  lsms?: string[];
  arch?: string;
  /**
   * Factor the run applied to its default deadlines (`--timeout-scale`, OCI_CONFORM_TIMEOUT_SCALE), when not
   * 1: e.g. 10 in an emulated guest. Verdicts do not depend on it; durations are slower by about as much.
   */
  timeoutScale?: number;
}

export interface Totals {
  pass: number;
  fail: number;
  skip: number;
  error: number;
  xfail: number;
  xpass: number;
  /** Findings by effective severity; `suppressed` ones (`--disable`) are counted apart, in no other class. */
  findings: { error: number; warning: number; info: number; suppressed: number };
}

/** One requirement in the coverage section: the cases that check it and, in a run, their outcome. */
export interface RequirementCoverage {
  id: string;
  level: Rfc2119;
  /** Spec document, e.g. `config-linux.md`. */
  doc: string;
  link: string;
  /** Ids of the cases of the suite that list the requirement (empty: uncovered). */
  cases: string[];
  /**
   * Run reports only: the outcome of those cases in this run (`fail` when any failed or errored, else
   * `pass` when any passed, else `skip`); `untested` when none of them ran (uncovered or filtered out).
   */
  status?: 'pass' | 'fail' | 'untested' | 'skip';
}

/** Covered out of total, for a set of requirements. */
export interface CoverageCount {
  covered: number;
  total: number;
}

/** Coverage totals of one spec document (or `all`). */
export interface CoverageTotals {
  doc: string;
  /** Every level. */
  all: CoverageCount;
  /** MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT only. */
  must: CoverageCount;
}

/**
 * Requirement coverage (DESIGN.md "Report"): every live-testable requirement of the spec version (test
 * kind cli or inside), covered or not, with the cases that cover it, and totals per spec document.
 */
export interface CoverageSection {
  /** Test kinds counted as live-testable. */
  kinds: string[];
  requirements: RequirementCoverage[];
  /** One entry per document in name order, then `all`. */
  totals: CoverageTotals[];
}

export interface Report {
  /** Version of this JSON contract. */
  reportVersion: 1;
  tool: { name: 'oci-conform'; version: string };
  command: 'validate' | 'validate-image' | 'run' | 'coverage';
  /** Spec version the subject was judged against. */
  specVersion: string;
  /** Why that version (`run`: --spec-version, or what the runtime's features document claims). */
  specVersionReason?: string;
  /** `--level`: findings at or above it fail. */
  level: 'must' | 'should' | 'may';
  /** `--max-warnings`: more warnings than this fail the run (exit 1). */
  maxWarnings?: number;
  /** `--disable` patterns (rule or requirement ids, globs) in effect. */
  disabled?: string[];
  profile?: 'spec' | 'runc-compat';
  subject: Subject;
  host?: HostFacts;
  startedAt: string;
  durationMs: number;
  cases: CaseResult[];
  coverage?: CoverageSection;
  totals: Totals;
  /** 0 conformant, 1 non-conformance, 2 usage error, 3 tool or environment failure. */
  exitCode: 0 | 1 | 2 | 3;
  /** Tool-level errors (not the subject's fault). */
  errors?: string[];
  /** `run --compare`: the comparison with the reference runtime over the whole run. */
  comparison?: ComparisonSummary;
}

/** `run --compare` over a whole run: how the reference was obtained and the differences seen run-wide. */
export interface ComparisonSummary {
  /** The reference runtime (its `--version` first line). */
  reference: string;
  /** Cases compared (run on both sides, skipped on neither). */
  compared: number;
  /** Cases whose reference observations were reused from an earlier run on this host (the cache). */
  fromCache: number;
  /** Where the reference observations are cached, when they are. */
  cacheDir?: string;
  /**
   * Differences that recur in several cases (the same field with the same two values), reported once
   * here and left out of each case's evidence.reference.
   */
  runWide: { field: string; subject?: unknown; reference?: unknown; cases: string[] }[];
}
