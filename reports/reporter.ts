// One interface for every output format. Reporters see the report types only, never suites.
import type { CaseResult, Report } from '../model/report.js';

export interface ReporterOptions {
  /** Where to write: a file path, or undefined for stdout. */
  destination?: string;
  /** Colour: only when writing to a TTY and NO_COLOR is unset (decided by the caller). */
  color: boolean;
  /** Links to the spec text of this version. */
  specVersion: string;
  /** Resolve a requirement id to its level and link (the caller passes the registry's view). */
  describe(id: string): { level: string; link: string; text: string } | undefined;
  /**
   * Live progress as cases finish (text reporter). Only meaningful on a TTY; the caller decides.
   * @default false
   */
  progress?: boolean;
  /**
   * Where progress lines go.
   * @default process.stderr
   */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Reporter {
  readonly name: string;
  /** Optional live progress as cases finish (text reporter on a TTY). */
  onCaseEnd?(c: CaseResult): void;
  /** Render the final report; returns the text written (for tests). */
  finish(report: Report): Promise<string>;
}

export type ReporterFactory = (opts: ReporterOptions) => Reporter;
