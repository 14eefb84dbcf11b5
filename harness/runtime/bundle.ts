// The bundle and rootfs builder: a fresh directory per bundle with config.json and a minimal rootfs holding
// only the probe at /probe and empty mount-point directories (nothing downloaded, no shell).
import { chmod, copyFile, link, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Bundle } from './case.js';
import type { RuntimeConfig } from './config-builder.js';

/** Empty directories every generated rootfs has (mount points of the default config, and /tmp, /etc). */
export const rootfsDirs = ['proc', 'sys', 'dev', 'tmp', 'etc', 'mnt', 'run'];

/** Where the probe lands inside every rootfs. */
export const probeInContainer = '/probe';

/** Options of {@link createBundle}. */
export interface BundleOptions {
  /** Probe binary on the host; hard-linked into the rootfs when possible, else copied. */
  probe: string;
  /** The cgroupsPath the harness wrote into the config, recorded on the bundle. */
  cgroupsPath?: string;
}

/** Serialises a config the way the harness writes every config.json. */
export function serializeConfig(config: RuntimeConfig): string {
  return JSON.stringify(config, null, 2) + '\n';
}

/** Creates `dir` (which must not exist yet) as a bundle with a fresh rootfs. */
export async function createBundle(dir: string, config: RuntimeConfig, opts: BundleOptions): Promise<Bundle> {
  const abs = resolve(dir);
  await mkdir(abs, { recursive: false });
  const rootPath = config.root?.path ?? 'rootfs';
  const rootfs = resolve(abs, rootPath);
  await mkdir(rootfs, { recursive: true });
  await Promise.all(rootfsDirs.map((d) => mkdir(join(rootfs, d))));
  const target = join(rootfs, probeInContainer.slice(1));
  try {
    await link(opts.probe, target);
  } catch {
    await copyFile(opts.probe, target);
    await chmod(target, 0o755);
  }
  const configPath = join(abs, 'config.json');
  const bundle: Bundle = {
    dir: abs,
    rootfs,
    configPath,
    config: structuredClone(config),
    ...(opts.cgroupsPath !== undefined ? { cgroupsPath: opts.cgroupsPath } : {}),
    hostPath: (p: string) => join(rootfs, p),
    writeConfig: async (c: RuntimeConfig) => {
      await writeFile(configPath, serializeConfig(c));
      bundle.config = structuredClone(c);
    },
  };
  await writeFile(configPath, serializeConfig(config));
  return bundle;
}
