// `oci-conform validate-image <layout-dir|oci-archive>`: every check image-spec states, one pass per layer.
import { stat } from 'node:fs/promises';
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
import {
  defaultImageSpecVersion,
  parsePlatform,
  SelectionError,
  validateImage,
} from '../harness/image/validate.js';
import { imageRules } from '../suites/image/index.js';

const help = `usage: oci-conform validate-image [options] <layout-dir|oci-archive[.tar|.tar.gz]>

Checks an OCI image layout directory or oci-archive (read as a stream, never unpacked): the layout
files, every descriptor and its blob (size, digest), index/manifest/config documents against the
image-spec schemas and the rules they cannot express, and every layer in one streaming pass
(compression, diff_id, tar headers, paths, links, whiteouts).

options:
  --ref NAME                select index.json entries by org.opencontainers.image.ref.name
  --platform OS/ARCH[/VAR]  inside indexes, follow only entries for this platform
  --sparse                  the layout may lack referenced blobs (missing blobs become SHOULD findings)
  --spec-version VERSION    image-spec version to judge against (default ${defaultImageSpecVersion})
  --max-layer-size BYTES    stop reading a layer after this many uncompressed bytes (default 64 GiB)
${commonHelp(28)}
  --color / --no-color      colour the text output (default: on a TTY, unless NO_COLOR)`;

export async function main(argv: string[], hooks?: CommandHooks): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...commonOptions,
      ref: { type: 'string' },
      platform: { type: 'string' },
      sparse: { type: 'boolean' },
      'spec-version': { type: 'string' },
      'max-layer-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const common = withHooks(parseCommon(values, positionals), hooks, values.reporter);
  if (positionals.length !== 1)
    throw new UsageError(
      `expected one image layout directory or oci-archive but found ${positionals.length} paths`,
    );
  const path = positionals[0]!;
  if (!(await stat(path).catch(() => undefined)))
    throw new UsageError(
      `expected an image layout directory or oci-archive but ${JSON.stringify(path)} does not exist`,
    );
  const specVersion = values['spec-version'];
  if (specVersion !== undefined && !/^1\.\d+\.\d+([-+].*)?$/.test(specVersion))
    throw new UsageError(
      `--spec-version: expected an image-spec version like 1.1.1 but found ${JSON.stringify(specVersion)}`,
    );
  let maxUncompressedBytes: number | undefined;
  if (values['max-layer-size'] !== undefined) {
    maxUncompressedBytes = Number(values['max-layer-size']);
    if (!Number.isSafeInteger(maxUncompressedBytes) || maxUncompressedBytes <= 0)
      throw new UsageError(
        `--max-layer-size: expected a positive number of bytes but found ${JSON.stringify(values['max-layer-size'])}`,
      );
  }
  const startedAt = new Date();
  try {
    const platform = values.platform !== undefined ? parsePlatform(values.platform) : undefined;
    const r = await validateImage(path, {
      rules: imageRules,
      ...(values.ref !== undefined ? { ref: values.ref } : {}),
      ...(platform ? { platform } : {}),
      sparse: values.sparse === true,
      ...(specVersion ? { specVersion } : {}),
      ...(maxUncompressedBytes ? { maxUncompressedBytes } : {}),
    });
    return await finishReport(
      {
        command: 'validate-image',
        specVersion: r.specVersion,
        subject: { kind: 'image', paths: [path] },
        cases: r.cases,
        errors: r.errors,
        startedAt,
      },
      common,
      { statusFromFindings: true },
    );
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(e.message);
    throw e;
  }
}
