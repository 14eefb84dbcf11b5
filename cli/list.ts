// `oci-conform list`: the runtime conformance cases with their groups and requirement ids.
import { parseArgs } from 'node:util';
import { appliesTo, registry } from '../requirements/index.js';
import { runtimeCases } from '../suites/runtime/index.js';
import { versionSkip } from '../harness/runtime/scheduler.js';
import { parseSpecVersion, selectCases } from './run.js';
import { UsageError } from './common.js';

const help = `usage: oci-conform list [--filter GLOB]... [--spec-version V] [--format text|json]

Lists the runtime conformance cases: id, group, requirement ids, and the runc-compat difference when
a case has one. With --spec-version, cases that do not apply to that version are marked.`;

const options = {
  filter: { type: 'string', multiple: true },
  'spec-version': { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One listed case. */
export interface ListedCase {
  id: string;
  group: string;
  description: string;
  requirements: { id: string; level: string; applies: boolean }[];
  /** Why the case does not apply to the chosen spec version. */
  notApplicable?: string;
  runcCompat?: string;
}

export function listCases(filters: string[] | undefined, specVersion: string): ListedCase[] {
  return selectCases(runtimeCases, filters).map((c) => {
    const na = versionSkip(c, specVersion);
    return {
      id: c.id,
      group: c.group,
      description: c.description,
      requirements: c.requirements.map((id) => {
        const r = registry.get(id)!;
        return { id, level: r.level, applies: appliesTo(r, specVersion) };
      }),
      ...(na ? { notApplicable: na } : {}),
      ...(c.profiles ? { runcCompat: c.profiles['runc-compat'] } : {}),
    };
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format: expected text or json but found ${JSON.stringify(values.format)}`);
  }
  const specVersion = parseSpecVersion('--spec-version', values['spec-version'], '1.3.0');
  const cases = listCases(values.filter, specVersion);
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ specVersion, cases }, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  let group = '';
  for (const c of cases) {
    if (c.group !== group) {
      group = c.group;
      lines.push(`${group}:`);
    }
    lines.push(`  ${c.id}${c.notApplicable ? `  (not applicable: ${c.notApplicable})` : ''}`);
    lines.push(`      ${c.description}`);
    lines.push(
      `      requirements: ${c.requirements.map((r) => r.id + (r.applies ? '' : ' (n/a)')).join(', ')}`,
    );
    if (c.runcCompat) lines.push(`      runc-compat: ${c.runcCompat}`);
  }
  lines.push(`${cases.length} case${cases.length === 1 ? '' : 's'}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
