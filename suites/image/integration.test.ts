// Integration: images made by umoci and skopeo validate with zero errors, in every container form
// (layout, oci-archive, zstd); a bundle made from them runs under runc.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateImage } from '../../harness/image/validate.js';
import { validatePath } from '../../harness/validate.js';
import { buildBundle } from '../../harness/image/bundle.js';
import { tempDir } from '../../harness/image/testing.js';
import { imageRules } from './index.js';
import { rules as configRules } from '../config/index.js';

function has(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}
const haveUmoci = has('umoci');
const haveSkopeo = has('skopeo');
const isRoot = process.getuid?.() === 0;
const canRun = haveUmoci && isRoot && has('runc') && has('gcc');

let t: { dir: string; remove(): Promise<void> };
let layout = '';

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function errorsOf(path: string): Promise<{ rule: string; message: string }[]> {
  const r = await validateImage(path, { rules: imageRules });
  expect(r.errors).toEqual([]);
  return r.cases.flatMap((c) =>
    c.findings.filter((f) => f.level === 'must').map((f) => ({ rule: f.rule, message: f.message })),
  );
}

beforeAll(async () => {
  t = await tempDir('oci-image-int-');
  if (!haveUmoci) return;
  layout = join(t.dir, 'layout');
  const b = join(t.dir, 'unpacked');
  sh('umoci', ['init', '--layout', layout]);
  sh('umoci', ['new', '--image', `${layout}:test`]);
  sh('umoci', ['unpack', '--image', `${layout}:test`, b]);
  const root = join(b, 'rootfs');
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\napp:x:1000:\n');
  if (has('gcc')) {
    const src = join(t.dir, 'hello.c');
    writeFileSync(
      src,
      '#include <unistd.h>\nint main(){write(1,"hello from oci-conform\\n",23);return 0;}\n',
    );
    sh('gcc', ['-static', '-O2', '-o', join(root, 'hello'), src]);
    chmodSync(join(root, 'hello'), 0o755);
  }
  sh('umoci', ['repack', '--image', `${layout}:test`, b]);
  sh('umoci', [
    'config',
    '--image',
    `${layout}:test`,
    '--config.cmd',
    '/hello',
    '--config.user',
    'app',
    '--config.env',
    'A=1',
  ]);
  sh('umoci', ['gc', '--layout', layout]);
}, 120_000);

afterAll(async () => {
  await t.remove();
});

describe.skipIf(!haveUmoci)('images made by umoci', () => {
  it('a umoci layout has zero errors', async () => {
    expect(await errorsOf(layout)).toEqual([]);
  });

  it('a umoci insert layer (no end-of-archive marker) is information, not an error', async () => {
    const copy = join(t.dir, 'insert-layout');
    sh('cp', ['-a', layout, copy]);
    const f = join(t.dir, 'inserted.txt');
    writeFileSync(f, 'x');
    sh('umoci', ['insert', '--image', `${copy}:test`, f, '/inserted.txt']);
    expect(await errorsOf(copy)).toEqual([]);
  });

  it.skipIf(!haveSkopeo)('skopeo oci-archive and zstd copies have zero errors', async () => {
    const archive = join(t.dir, 'image.tar');
    sh('skopeo', ['copy', '--quiet', `oci:${layout}:test`, `oci-archive:${archive}:test`]);
    expect(await errorsOf(archive)).toEqual([]);
    const z = join(t.dir, 'zstd');
    sh('skopeo', [
      'copy',
      '--quiet',
      '--dest-compress-format',
      'zstd',
      `oci:${layout}:test`,
      `oci:${z}:test`,
    ]);
    const r = await validateImage(z, { rules: imageRules });
    expect([...r.scans.values()].map((s) => s.used)).toContain('zstd');
    expect(await errorsOf(z)).toEqual([]);
  });

  it('bundle builds the same tree as umoci unpack, whiteouts included', async () => {
    const copy = join(t.dir, 'tree-layout');
    sh('cp', ['-a', layout, copy]);
    const work = join(t.dir, 'tree-unpacked');
    sh('umoci', ['unpack', '--image', `${copy}:test`, work]);
    const r = join(work, 'rootfs');
    mkdirSync(join(r, 'srv/data/sub'), { recursive: true });
    writeFileSync(join(r, 'srv/data/sub/a'), 'a');
    writeFileSync(join(r, 'srv/data/b'), 'b');
    chmodSync(join(r, 'srv/data/b'), 0o640);
    sh('ln', ['-s', '../etc/passwd', join(r, 'srv/link')]);
    sh('ln', [join(r, 'srv/data/b'), join(r, 'srv/hard')]);
    sh('mkfifo', [join(r, 'srv/fifo')]);
    writeFileSync(join(r, 'srv/suid'), 's');
    chmodSync(join(r, 'srv/suid'), 0o4755);
    sh('chown', ['1000:1000', join(r, 'srv/data/b')]);
    sh('umoci', ['repack', '--image', `${copy}:test`, work]);
    sh('rm', ['-rf', join(r, 'srv/data/sub'), join(r, 'etc/group')]);
    writeFileSync(join(r, 'srv/new'), 'n');
    sh('umoci', ['repack', '--image', `${copy}:test`, work]);
    expect(await errorsOf(copy)).toEqual([]);
    const theirs = join(t.dir, 'tree-theirs');
    sh('umoci', ['unpack', '--image', `${copy}:test`, theirs]);
    const ours = join(t.dir, 'tree-ours');
    await buildBundle(copy, ours, { ref: 'test' });
    // name, type, mode, owner and size (not for directories, whose size is the filesystem's business)
    const tree = (dir: string) =>
      sh('find', [dir, '-mindepth', '1', '-printf', '%P %y %m %U %G %s\\n'])
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (l.split(' ')[1] === 'd' ? l.replace(/ \d+$/, '') : l))
        .sort();
    expect(tree(join(ours, 'rootfs'))).toEqual(tree(join(theirs, 'rootfs')));
    expect(tree(join(ours, 'rootfs')).some((l) => l.startsWith('srv/data/sub'))).toBe(false);
    expect(tree(join(ours, 'rootfs'))).toContain('srv/new f 644 0 0 1');
  });

  it.skipIf(!canRun)('a bundle made from the image passes validate and runs under runc', async () => {
    const bundle = join(t.dir, 'bundle');
    await buildBundle(layout, bundle, { ref: 'test' });
    // zero must-level findings from `oci-conform validate` on the generated config.json
    const res = validatePath(bundle, { rules: configRules }); // bundle mode: config.json, root.path, args[0] in the rootfs
    expect(res.cases.flatMap((c) => c.findings.filter((f) => f.level === 'must'))).toEqual([]);
    const root = join(t.dir, 'runc-root');
    mkdirSync(root);
    const id = `oci-image-${process.pid}`;
    const r = spawnSync('runc', ['--root', root, 'run', '--bundle', bundle, id], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    spawnSync('runc', ['--root', root, 'delete', '--force', id], { stdio: 'ignore' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello from oci-conform\n');
  });
});
