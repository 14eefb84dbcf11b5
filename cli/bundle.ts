// `oci-conform bundle IMAGE DIR`: convert an OCI image into a runtime bundle (rootfs + config.json).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './common.js';
import { BundleError, buildBundle } from '../harness/image/bundle.js';
import { ConversionError } from '../harness/image/convert.js';
import { parsePlatform, SelectionError } from '../harness/image/validate.js';

const help = `usage: oci-conform bundle [options] <layout-dir|oci-archive> <bundle-dir>

Writes a runtime bundle: <bundle-dir>/rootfs from the image layers applied in order with whiteouts
(never writing outside <bundle-dir>), and <bundle-dir>/config.json from the image config by the
image-spec conversion rules. Digests and diff_ids are verified while applying.

options:
  --ref NAME                select the index.json entry with this org.opencontainers.image.ref.name
  --platform OS/ARCH[/VAR]  inside indexes, pick the first entry for this platform`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ref: { type: 'string' }, platform: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
    });
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
