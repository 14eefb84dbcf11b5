// `oci-conform validate <config.json|state.json|features.json|bundle>...`
import { parseArgs } from 'node:util';
import {
  commonHelp,
  commonOptions,
  finishReport,
  parseCommon,
  UsageError,
  withHooks,
  type CommandHooks,
} from './common.js';
import { InputError, validatePath, type ValidatedFile } from '../harness/validate.js';
import type { DocumentKind } from '../harness/config/rule.js';
import { rules } from '../suites/config/index.js';

const help = `usage: oci-conform validate [options] <config.json|state.json|features.json|bundle-dir>...

Checks runtime-spec documents against the JSON Schema of their spec version and the semantic rules.
A directory is a bundle: its config.json is checked, and root.path and process.args[0] against it.

options:
  --kind config|state|features   document kind (default: detected from the content)
  --spec-version VERSION         judge against this runtime-spec version instead of ociVersion
  --host-specific                also check against this host: what create would fail on here (rlimits,
                                 oomScoreAdj, cgroup controllers, huge page sizes, sysctls, seccomp actions,
                                 namespace types) and capabilities, filesystems, hook paths, bind sources
${commonHelp(33)}
  --color / --no-color           colour the text output (default: on a TTY, unless NO_COLOR)`;

const kinds: DocumentKind[] = ['config', 'state', 'features'];

export async function main(argv: string[], hooks?: CommandHooks): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...commonOptions,
      kind: { type: 'string' },
      'spec-version': { type: 'string' },
      'host-specific': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const common = withHooks(parseCommon(values, positionals), hooks, values.reporter);
  if (positionals.length === 0)
    throw new UsageError(
      'expected at least one config.json, state, features file or bundle directory but found none',
    );
  if (values.kind !== undefined && !kinds.includes(values.kind as DocumentKind)) {
    throw new UsageError(
      `--kind: expected one of ${kinds.join(', ')} but found ${JSON.stringify(values.kind)}`,
    );
  }
  if (values['spec-version'] !== undefined && !/^\d+\.\d+\.\d+([-+].*)?$/.test(values['spec-version'])) {
    throw new UsageError(
      `--spec-version: expected a version like 1.3.0 but found ${JSON.stringify(values['spec-version'])}`,
    );
  }
  const startedAt = new Date();
  const results: ValidatedFile[] = [];
  for (const path of positionals) {
    try {
      results.push(
        validatePath(path, {
          rules,
          ...(values.kind ? { kind: values.kind as DocumentKind } : {}),
          ...(values['spec-version'] ? { specVersion: values['spec-version'] } : {}),
          hostSpecific: values['host-specific'] === true,
        }),
      );
    } catch (err) {
      if (err instanceof InputError) throw new UsageError(err.message);
      throw err;
    }
  }
  const versions = [...new Set(results.map((r) => r.specVersion))];
  return finishReport(
    {
      command: 'validate',
      specVersion: versions.join(','),
      subject: { kind: 'config', paths: positionals },
      cases: results.flatMap((r) => r.cases),
      startedAt,
    },
    common,
    { statusFromFindings: true },
  );
}
