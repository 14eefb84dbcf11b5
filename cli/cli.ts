// oci-conform command line: dispatches to one module per subcommand, loaded on demand so that
// start-up only pays for the command used.
import { UsageError } from './common.js';
import { VERSION } from './version.js';

type CommandMain = (argv: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<CommandMain> }> = {
  validate: {
    summary: 'validate runtime config.json, state or features documents, or bundles',
    load: async () => (await import('./validate.js')).main,
  },
  'validate-image': {
    summary: 'validate an OCI image layout directory or oci-archive tarball',
    load: async () => (await import('./validate-image.js')).main,
  },
  bundle: {
    summary: 'convert an OCI image into a runtime bundle',
    load: async () => (await import('./bundle.js')).main,
  },
  run: {
    summary: 'run the conformance suite against a runc-compatible runtime',
    load: async () => (await import('./run.js')).main,
  },
  list: {
    summary: 'list the runtime conformance cases with groups and requirement ids',
    load: async () => (await import('./list.js')).main,
  },
  merge: {
    summary: 'merge JSON reports (run shards, hosts, runtimes) into one report',
    load: async () => (await import('./merge.js')).main,
  },
  coverage: {
    summary: 'show which runtime cases cover each live-testable requirement, with totals per document',
    load: async () => (await import('./coverage.js')).main,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: oci-conform <command> [options]',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'common options: --reporter NAME[=FILE] (text, json, junit, tap, html; repeatable), --level must|should|may,',
    '                --color / --no-color (NO_COLOR is honoured)',
    "run 'oci-conform <command> --help' for the command's options",
    'exit codes: 0 conformant, 1 non-conformance found, 2 usage error, 3 tool or environment failure',
  ].join('\n');
}

export async function cli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`oci-conform ${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(
      `oci-conform: expected a command (${Object.keys(commands).join(', ')}) but found ${JSON.stringify(name)}\n`,
    );
    return 2;
  }
  try {
    return await (
      await command.load()
    )(rest);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`oci-conform ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    const debug = (process.env.OCI_CONFORM_DEBUG ?? '') !== '';
    process.stderr.write(
      `oci-conform ${name}: internal error: ${debug ? (err as Error).stack : (err as Error).message}\n`,
    );
    return 3;
  }
}
