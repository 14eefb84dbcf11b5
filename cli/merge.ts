// `oci-conform merge`: one report from several JSON reports of the same command: the shards of a CI
// matrix (union of their cases), or runs on several hosts or runtimes (each case kept per origin).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CaseResult, Report } from '../model/report.js';
import {
  commonHelp,
  commonOptions,
  finishReport,
  parseCommon,
  UsageError,
  withHooks,
  type CommandHooks,
} from './common.js';

const help = `usage: oci-conform merge [options] REPORT.json...

Merges JSON reports (--reporter json=FILE) of one command into one report, written by any reporter:
the shards of run --shard (their cases must not overlap), or runs of several hosts (cgroup v1, v2,
hybrid) or runtimes, where a case that ran on several of them is kept once per origin, its id
suffixed with " @ " and the origin (runtime version, cgroup mode, kernel).

options:
${commonHelp(26)}`;

/** Where a report was made: the runtime and the host, as one label. */
export function originOf(r: Report): string {
  const parts = [
    r.subject.runtimeVersion ?? r.subject.paths.join(','),
    r.host?.cgroupMode ? `cgroup ${r.host.cgroupMode}` : undefined,
    r.host?.kernel,
  ].filter((p): p is string => !!p);
  return parts.join(', ');
}

/**
 * The merged cases: with one origin the union (an id in two reports is an error: overlapping shards);
 * with several, an id seen under more than one origin becomes `id @ origin` for each.
 */
export function mergeCases(reports: { file: string; report: Report }[]): CaseResult[] {
  const byId = new Map<string, { origin: string; file: string; c: CaseResult }[]>();
  for (const { file, report } of reports) {
    const origin = originOf(report);
    for (const c of report.cases) {
      const seen = byId.get(c.id) ?? [];
      const same = seen.find((s) => s.origin === origin);
      if (same)
        throw new UsageError(
          `expected each case once per origin but ${c.id} is in ${same.file} and ${file}, both from ${origin} (overlapping shards?)`,
        );
      seen.push({ origin, file, c });
      byId.set(c.id, seen);
    }
  }
  const out: CaseResult[] = [];
  for (const [id, seen] of byId) {
    if (seen.length === 1) out.push(seen[0]!.c);
    else for (const s of seen) out.push({ ...s.c, id: `${id} @ ${s.origin}` });
  }
  return out;
}

async function readReport(file: string): Promise<Report> {
  let r: Report;
  try {
    r = JSON.parse(await readFile(file, 'utf8')) as Report;
  } catch (e) {
    throw new UsageError(`expected a JSON report of oci-conform but ${file}: ${(e as Error).message}`);
  }
  if (typeof r !== 'object' || r === null || r.reportVersion !== 1 || !Array.isArray(r.cases))
    throw new UsageError(
      `expected a JSON report of oci-conform (reportVersion 1, cases) but ${file} is not one`,
    );
  return r;
}

const same = <T>(xs: T[]): T | undefined =>
  xs.every((x) => JSON.stringify(x) === JSON.stringify(xs[0])) ? xs[0] : undefined;

export async function main(argv: string[], hooks?: CommandHooks): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...commonOptions, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('expected one or more JSON reports but found none');
  const reports = await Promise.all(
    positionals.map(async (file) => ({ file, report: await readReport(file) })),
  );
  const all = reports.map((r) => r.report);
  const commands = [...new Set(all.map((r) => r.command))];
  if (commands.length !== 1)
    throw new UsageError(`expected reports of one command but found ${commands.join(', ')}`);
  // The level the runs used, unless --level says otherwise.
  const level = values.level ?? same(all.map((r) => r.level));
  const common = withHooks(parseCommon({ ...values, ...(level ? { level } : {}) }), hooks, values.reporter);
  const cases = mergeCases(reports);
  const started = Math.min(...all.map((r) => Date.parse(r.startedAt)));
  const host = same(all.map((r) => r.host));
  const profile = same(all.map((r) => r.profile));
  const errors = all.flatMap((r, i) => (r.errors ?? []).map((e) => `${positionals[i]}: ${e}`));
  return finishReport(
    {
      command: commands[0]!,
      specVersion: [...new Set(all.map((r) => r.specVersion))].join(','),
      subject: {
        kind: all[0]!.subject.kind,
        paths: [...new Set(all.flatMap((r) => r.subject.paths))],
        ...(same(all.map((r) => r.subject.runtimeVersion)) !== undefined
          ? { runtimeVersion: all[0]!.subject.runtimeVersion! }
          : {}),
      },
      ...(host ? { host } : {}),
      ...(profile ? { profile } : {}),
      cases,
      errors,
      startedAt: new Date(Number.isFinite(started) ? started : Date.now()),
    },
    common,
    // the verdicts are the runs' own; severities are applied again under the merged level
    { statusFromFindings: commands[0] !== 'run' },
  );
}
