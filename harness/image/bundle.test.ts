// bundle: layers applied in order with whiteouts, nothing written outside the bundle, and the
// conversion rules for config.json (args, env, cwd, user through /etc/passwd, annotations).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBundle, BundleError } from './bundle.js';
import { ConversionError } from './convert.js';
import { LayoutBuilder, makeTar, tempDir } from './testing.js';

let t: { dir: string; remove(): Promise<void> };
let n = 0;
beforeAll(async () => {
  t = await tempDir('oci-bundle-');
});
afterAll(async () => {
  await t.remove();
});

const base = makeTar([
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n' },
  { name: 'etc/group', data: 'root:x:0:\napp:x:1000:\nwheel:x:10:app\n' },
  { name: 'a/', type: 'dir' },
  { name: 'a/keep', data: 'k' },
  { name: 'a/gone', data: 'g' },
  { name: 'o/', type: 'dir' },
  { name: 'o/lower', data: 'l' },
  { name: 'lib/', type: 'dir' },
  { name: 'usr/', type: 'dir' },
  { name: 'usr/lib/', type: 'dir' },
]);

async function bundleOf(b: LayoutBuilder, opts = {}): Promise<string> {
  const img = await b.write(join(t.dir, `img${n}`));
  const out = join(t.dir, `bundle${n++}`);
  await buildBundle(img, out, opts);
  return out;
}

describe('bundle', () => {
  it('applies layers in order with explicit and opaque whiteouts', async () => {
    const upper = makeTar([
      { name: 'a/.wh.gone', data: '' },
      { name: 'o/.wh..wh..opq', data: '' },
      { name: 'o/upper', data: 'u' },
      { name: 'new', data: 'n', mode: 0o4755 },
    ]);
    const b = new LayoutBuilder();
    b.image([base, upper], { config: (c) => (c.config = { Cmd: ['/bin/sh'], User: 'app' }) });
    const out = await bundleOf(b);
    const r = join(out, 'rootfs');
    expect(readFileSync(join(r, 'a/keep'), 'utf8')).toBe('k');
    expect(existsSync(join(r, 'a/gone'))).toBe(false);
    expect(existsSync(join(r, 'o/lower'))).toBe(false);
    expect(readFileSync(join(r, 'o/upper'), 'utf8')).toBe('u');
    expect(lstatSync(join(r, 'new')).mode & 0o7777).toBe(0o4755);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(cfg.process.user).toEqual({ uid: 1000, gid: 1000, additionalGids: [10] });
  });

  it('never writes outside the bundle, whatever the tar says', async () => {
    const evil = makeTar([
      { name: '../../escape1', data: 'x' },
      { name: '/abs', data: 'x' },
      { name: 'l', type: 'symlink', linkname: '/' },
      { name: 'l/../../escape2', data: 'x' },
      { name: 'up', type: 'symlink', linkname: '../../../..' },
      { name: 'up/escape3', data: 'x' },
      { name: 'h', type: 'hardlink', linkname: '../../../etc/passwd' },
    ]);
    const b = new LayoutBuilder();
    b.image([base, evil]);
    const passwd = statSync('/etc/passwd');
    const out = await bundleOf(b);
    const r0 = join(out, 'rootfs');
    // where each escaping entry would land if the tar's own paths and links were followed on the host
    const hostTargets = [
      resolve(r0, '../../escape1'),
      '/abs',
      '/escape2', // l -> /, then l/../../escape2
      resolve(r0, '../../../..', 'escape3'), // up -> ../../../.., then up/escape3
    ];
    for (const p of hostTargets) expect(existsSync(p), p).toBe(false);
    const after = statSync('/etc/passwd');
    expect([after.nlink, after.size, after.mtimeMs]).toEqual([passwd.nlink, passwd.size, passwd.mtimeMs]);
    for (const f of ['escape1', 'escape2', 'escape3']) {
      expect(existsSync(join(t.dir, f))).toBe(false);
      expect(existsSync(join(out, f))).toBe(false);
    }
    const r = join(out, 'rootfs');
    expect(existsSync(join(r, 'abs'))).toBe(true);
    expect(readlinkSync(join(r, 'up'))).toBe('../../../..');
    expect(existsSync(join(r, 'escape3'))).toBe(true); // "up" resolves to the root inside the rootfs
    expect(existsSync(join(r, 'h'))).toBe(false);
  });

  it('converts Entrypoint+Cmd, Env, WorkingDir, numeric users, annotations with Labels first, volumes and ports', async () => {
    const b = new LayoutBuilder();
    b.image([base], {
      config: (c) => {
        c.config = {
          Entrypoint: ['/bin/app', '--flag'],
          Cmd: ['arg'],
          Env: ['A=1', 'PATH=/bin'],
          WorkingDir: '/srv',
          User: '4242:77',
          StopSignal: 'SIGTERM',
          ExposedPorts: { '80/tcp': {}, '53/udp': {} },
          Volumes: { '/data': {} },
          Labels: { 'org.opencontainers.image.os': 'from-label', 'com.example.x': 'y' },
        };
      },
    });
    const cfg = JSON.parse(readFileSync(join(await bundleOf(b), 'config.json'), 'utf8'));
    expect(cfg.process.args).toEqual(['/bin/app', '--flag', 'arg']);
    expect(cfg.process.env).toEqual(['A=1', 'PATH=/bin']); // verbatim: the image's PATH is kept
    expect(cfg.process.cwd).toBe('/srv');
    expect(cfg.process.user).toEqual({ uid: 4242, gid: 77 });
    expect(cfg.annotations).toMatchObject({
      'org.opencontainers.image.os': 'from-label',
      'org.opencontainers.image.architecture': 'amd64',
      'org.opencontainers.image.created': '2024-01-01T00:00:00Z',
      'org.opencontainers.image.stopSignal': 'SIGTERM',
      'org.opencontainers.image.exposedPorts': '80/tcp,53/udp',
      'com.example.x': 'y',
    });
    expect(cfg.mounts.some((m: any) => m.destination === '/data')).toBe(true);
  });

  it('fails when the user or group does not resolve, and on a diff_id mismatch', async () => {
    const b = new LayoutBuilder();
    b.image([base], { config: (c) => (c.config.User = 'nobody') });
    await expect(bundleOf(b)).rejects.toBeInstanceOf(ConversionError);
    const g = new LayoutBuilder();
    g.image([base], { config: (c) => (c.config.User = 'app:nogroup') });
    await expect(bundleOf(g)).rejects.toBeInstanceOf(ConversionError);
    const d = new LayoutBuilder();
    d.image([base], { config: (c) => (c.rootfs.diff_ids = [`sha256:${'0'.repeat(64)}`]) });
    await expect(bundleOf(d)).rejects.toBeInstanceOf(BundleError);
  });

  it('applies archive layers in manifest order even when the archive stores them out of order', async () => {
    const upper = makeTar([
      { name: 'a/.wh.gone', data: '' },
      { name: 'a/keep', data: 'upper' },
    ]);
    const b = new LayoutBuilder();
    const { manifest } = b.image([base, upper]);
    const [l0, l1] = manifest.layers.map((l: any) => l.digest);
    const reordered = new Map([
      [l1, b.blobs.get(l1)!],
      [l0, b.blobs.get(l0)!],
    ]);
    for (const [k, v] of b.blobs) if (!reordered.has(k)) reordered.set(k, v);
    b.blobs = reordered;
    const archive = join(t.dir, `ooo${n}.tar`);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(archive, b.archive());
    const out = join(t.dir, `bundle${n++}`);
    const r = await buildBundle(archive, out);
    expect(r.layers.map((l) => l.digest)).toEqual([l0, l1]);
    expect(readFileSync(join(out, 'rootfs/a/keep'), 'utf8')).toBe('upper');
    expect(existsSync(join(out, 'rootfs/a/gone'))).toBe(false);
  });

  it('reads an oci-archive as well', async () => {
    const b = new LayoutBuilder();
    b.image([base], { ref: 'v1' });
    const archive = join(t.dir, `a${n}.tar.gz`);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(archive, b.archive({ gzip: true }));
    const out = join(t.dir, `bundle${n++}`);
    await buildBundle(archive, out, { ref: 'v1' });
    expect(readFileSync(join(out, 'rootfs/a/keep'), 'utf8')).toBe('k');
  });
});
