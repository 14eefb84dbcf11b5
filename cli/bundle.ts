// `oci-conform bundle IMAGE DIR`: convert an OCI image into a runtime bundle (rootfs + config.json).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './common.js';
import { BundleError, buildBundle, defaultMaxBundleSize } from '../harness/image/bundle.js';
import { ConversionError } from '../harness/image/convert.js';
import { parsePlatform, SelectionError } from '../harness/image/validate.js';

const help = `usage: oci-conform bundle [options] <layout-dir|oci-archive> <bundle-dir> [-- CMD ARG...]

Writes a runtime bundle: <bundle-dir>/rootfs from the image layers applied in order with whiteouts
(never writing outside <bundle-dir>), and <bundle-dir>/config.json from the image config by the
image-spec conversion rules. Digests and diff_ids are verified while applying. The bundle is written
into a temp dir beside <bundle-dir> and renamed at the end: a bundle that fails leaves nothing.

After --, CMD ARG... is process.args, replacing the image's Entrypoint and Cmd. An image with
neither (what \`podman import\` makes) gets process.args ["sh"], as umoci does, with a warning.

options:
  --ref NAME                select the index.json entry with this org.opencontainers.image.ref.name
  --platform OS/ARCH[/VAR]  inside indexes, pick the first entry for this platform
  --max-size SIZE           most file data the bundle may hold, over all layers, in bytes or with a
                            K, M, G or T suffix (powers of 1024); past it the bundle fails and nothing
                            is left (default 10G)`;

/** A size in bytes from `123`, `64K`, `10G`... (powers of 1024). */
export function parseSize(s: string): number {
  const m = /^(\d+)([KMGT]?)i?B?$/i.exec(s.trim());
  const scale: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
  const n = m ? Number(m[1]) * scale[m[2]!.toUpperCase()]! : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(
      `--max-size: expected a positive size such as 512M or 10G but found ${JSON.stringify(s)}`,
    );
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const processArgs = dash >= 0 ? argv.slice(dash + 1) : undefined;
  const { values, positionals } = parseArgs({
    args: dash >= 0 ? argv.slice(0, dash) : argv,
    allowPositionals: true,
    options: {
      ref: { type: 'string' },
      platform: { type: 'string' },
      'max-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(
      `expected an image and a bundle directory but found ${positionals.length} arguments`,
    );
  const [image, dir] = positionals as [string, string];
  if (processArgs !== undefined && processArgs.length === 0)
    throw new UsageError('expected a command after -- but found nothing');
  const maxSize = values['max-size'] !== undefined ? parseSize(values['max-size']) : defaultMaxBundleSize;
  if (!existsSync(image)) {
    throw new UsageError(
      `expected an image layout directory or oci-archive but ${JSON.stringify(image)} does not exist`,
    );
  }
  try {
    const platform = values.platform !== undefined ? parsePlatform(values.platform) : undefined;
    const r = await buildBundle(image, dir, {
      ...(values.ref !== undefined ? { ref: values.ref } : {}),
      ...(platform ? { platform } : {}),
      maxSize,
      ...(processArgs ? { args: processArgs } : {}),
    });
    for (const w of r.warnings) process.stderr.write(`oci-conform bundle: warning: ${w}\n`);
    for (const s of r.skipped)
      process.stderr.write(`oci-conform bundle: ${s.layer}: ${s.path}: not written: ${s.reason}\n`);
    process.stderr.write(
      `oci-conform bundle: ${r.manifestDigest}: ${r.layers.length} layers applied to ${dir}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(e.message);
    if (e instanceof BundleError || e instanceof ConversionError) {
      process.stderr.write(`oci-conform bundle: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
