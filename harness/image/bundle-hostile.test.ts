// bundle on hostile and incomplete images: a failure leaves no bundle, --max-size stops a gzip bomb,
// links and device nodes never reach outside the rootfs, setuid bits are kept (layer.md), and an image
// without Entrypoint and Cmd converts with the process given or a reported default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { buildBundle, BundleError } from './bundle.js';
import { mt } from './media-types.js';
import { gzipBomb, LayoutBuilder, makeTar, tempDir } from './testing.js';

let t: { dir: string; remove(): Promise<void> };
let n = 0;
beforeAll(async () => {
  t = await tempDir('oci-bundle-hostile-');
});
afterAll(async () => {
  await t.remove();
});

const base = makeTar([
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\n' },
  { name: 'bin/', type: 'dir' },
  { name: 'bin/sh', data: '#!', mode: 0o755 },
]);

async function layout(b: LayoutBuilder): Promise<string> {
  return b.write(join(t.dir, `img${n++}`));
}

/** Names in the temp dir other than images and bundles we made on purpose: partial leftovers. */
function leftovers(): string[] {
  return readdirSync(t.dir).filter((f) => f.includes('.partial-'));
}

describe('bundle leaves nothing behind when it fails', () => {
  it('a corrupt second layer (truncated gzip) leaves the target absent', async () => {
    const b = new LayoutBuilder();
    const { manifest } = b.image([base, makeTar([{ name: 'big', data: randomBytes(100_000) }])]);
    const d = manifest.layers[1].digest as string;
    b.blobs.set(d, b.blobs.get(d)!.subarray(0, 200)); // digest now wrong too: fails either way
    const out = join(t.dir, `bundle${n++}`);
    await expect(buildBundle(await layout(b), out)).rejects.toBeInstanceOf(BundleError);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('an existing empty target stays empty after a diff_id mismatch', async () => {
    const b = new LayoutBuilder();
    b.image([base], { config: (c) => (c.rootfs.diff_ids = [`sha256:${'0'.repeat(64)}`]) });
    const out = join(t.dir, `bundle${n++}`);
    mkdirSync(out);
    await expect(buildBundle(await layout(b), out)).rejects.toThrow(/diff_id/);
    expect(readdirSync(out)).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('a non-empty target is refused and left untouched', async () => {
    const b = new LayoutBuilder();
    b.image([base]);
    const out = join(t.dir, `bundle${n++}`);
    mkdirSync(join(out, 'mine'), { recursive: true });
    await expect(buildBundle(await layout(b), out)).rejects.toThrow(/empty directory or absent/);
    expect(readdirSync(out)).toEqual(['mine']);
  });
});

describe('bundle --max-size', () => {
  it('refuses a gzip bomb past the limit with a clear error and no partial bundle', async () => {
    const bomb = gzipBomb(256 << 20); // 256 MiB of zeros in about 260 KB
    expect(bomb.blob.length).toBeLessThan(1 << 20);
    const b = new LayoutBuilder();
    b.image([base], {
      config: (c) => c.rootfs.diff_ids.push(`sha256:${'1'.repeat(64)}`),
      manifest: (m) => m.layers.push(b.blob(mt.layerGzip, bomb.blob)),
    });
    const out = join(t.dir, `bundle${n++}`);
    const err = await buildBundle(await layout(b), out, { maxSize: 16 << 20 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(/at most 16777216 bytes of file data \(--max-size\)/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('counts file data over all layers and passes under the limit', async () => {
    const b = new LayoutBuilder();
    b.image([base, makeTar([{ name: 'f', data: 'y'.repeat(5000) }])]);
    const img = await layout(b);
    const out = join(t.dir, `bundle${n++}`);
    const r = await buildBundle(img, out, { maxSize: 6000 });
    expect(r.bytesWritten).toBe(5000 + 2 + 30);
    await expect(buildBundle(img, join(t.dir, `bundle${n++}`), { maxSize: 4000 })).rejects.toThrow(
      /--max-size/,
    );
  });
});

describe('bundle on hostile layers', () => {
  it('symlink and hardlink chains that point outside resolve inside the rootfs or are skipped', async () => {
    const evil = makeTar([
      { name: 'c1', type: 'symlink', linkname: 'c2' },
      { name: 'c2', type: 'symlink', linkname: '../c3' },
      { name: 'c3', type: 'symlink', linkname: '/../../..' },
      { name: 'c1/chain-escape', data: 'x' }, // c1 -> c2 -> ../c3 -> /../../.. : the rootfs itself
      { name: 'd', type: 'symlink', linkname: '/etc' },
      { name: 'd/passwd', data: 'overwritten' }, // must land in rootfs/etc/passwd, never /etc/passwd
      { name: 'h1', type: 'hardlink', linkname: 'd/passwd' }, // through a symlinked dir: inside
      { name: 'h2', type: 'hardlink', linkname: 'c1/../../../etc/shadow' }, // climbs: skipped
      { name: 'h3', type: 'hardlink', linkname: 'c3' }, // a link to the symlink itself, not its target
      { name: 'selfloop', type: 'symlink', linkname: 'selfloop' },
    ]);
    const b = new LayoutBuilder();
    b.image([base, evil]);
    const before = statSync('/etc/passwd');
    const shadow = statSync('/etc/shadow');
    const out = join(t.dir, `bundle${n++}`);
    const r = await buildBundle(await layout(b), out);
    const root = join(out, 'rootfs');
    expect(readFileSync(join(root, 'chain-escape'), 'utf8')).toBe('x');
    expect(existsSync(resolve(root, '../../..', 'chain-escape'))).toBe(false);
    expect(existsSync('/chain-escape')).toBe(false);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toBe('overwritten');
    const after = statSync('/etc/passwd');
    expect([after.ino, after.nlink, after.size, after.mtimeMs]).toEqual([
      before.ino,
      before.nlink,
      before.size,
      before.mtimeMs,
    ]);
    expect(statSync('/etc/shadow').nlink).toBe(shadow.nlink);
    expect(lstatSync(join(root, 'h1')).ino).toBe(lstatSync(join(root, 'etc/passwd')).ino);
    expect(existsSync(join(root, 'h2'))).toBe(false);
    expect(r.skipped.map((s) => s.path)).toContain('h2');
    expect(lstatSync(join(root, 'h3')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'h3'))).toBe('/../../..');
  });

  it('keeps setuid and setgid bits and creates device nodes inside the rootfs (layer.md file types)', async () => {
    const l = makeTar([
      { name: 'bin/su', data: 'su', mode: 0o4755 },
      { name: 'bin/wall', data: 'w', mode: 0o2755, gid: 5 },
      { name: 'dev/', type: 'dir' },
      { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 },
      { name: 'dev/sda', type: 'block', devmajor: 8, devminor: 0, mode: 0o660 },
      { name: 'dev/link', type: 'symlink', linkname: '/dev/sda' },
      { name: 'dev/link/../escape-dev', type: 'char', devmajor: 1, devminor: 3 },
    ]);
    const b = new LayoutBuilder();
    b.image([base, l]);
    const out = join(t.dir, `bundle${n++}`);
    const r = await buildBundle(await layout(b), out);
    const root = join(out, 'rootfs');
    expect(lstatSync(join(root, 'bin/su')).mode & 0o7777).toBe(0o4755);
    expect(lstatSync(join(root, 'bin/wall')).mode & 0o7777).toBe(0o2755);
    expect(existsSync('/escape-dev')).toBe(false);
    if (process.getuid?.() === 0) {
      const nul = lstatSync(join(root, 'dev/null'));
      expect(nul.isCharacterDevice()).toBe(true);
      expect(nul.rdev).toBe(statSync('/dev/null').rdev);
      expect(lstatSync(join(root, 'dev/sda')).isBlockDevice()).toBe(true);
      // names are cleaned lexically first (dev/link/.. is dev), like tar: the node lands in rootfs/dev
      expect(lstatSync(join(root, 'dev/escape-dev')).isCharacterDevice()).toBe(true);
      expect(lstatSync(join(root, 'bin/wall')).gid).toBe(5);
    } else {
      expect(r.skipped.map((s) => s.path)).toContain('dev/null');
    }
  });
});

describe('bundle of an image without Entrypoint and Cmd (podman import)', () => {
  const imported = () => {
    const b = new LayoutBuilder();
    // what `podman import` writes: a config with no Entrypoint and no Cmd
    b.image([base], { config: (c) => (c.config = { Env: ['PATH=/usr/bin:/bin'] }) });
    return b;
  };

  it('uses the process given on the command line', async () => {
    const out = join(t.dir, `bundle${n++}`);
    const r = await buildBundle(await layout(imported()), out, { args: ['/bin/echo', 'hi'] });
    expect(r.warnings).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).process.args).toEqual([
      '/bin/echo',
      'hi',
    ]);
  });

  it('without one, writes ["sh"] as umoci does and says so in a warning', async () => {
    const out = join(t.dir, `bundle${n++}`);
    const r = await buildBundle(await layout(imported()), out);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/neither Entrypoint nor Cmd/);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).process.args).toEqual(['sh']);
  });

  it('the process given also overrides the image Entrypoint and Cmd', async () => {
    const b = new LayoutBuilder();
    b.image([base], { config: (c) => (c.config = { Entrypoint: ['/app'], Cmd: ['x'] }) });
    const out = join(t.dir, `bundle${n++}`);
    await buildBundle(await layout(b), out, { args: ['/bin/sh', '-c', 'true'] });
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).process.args).toEqual([
      '/bin/sh',
      '-c',
      'true',
    ]);
  });
});
