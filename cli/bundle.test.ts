// bundle CLI: exit 0 with a bundle written, 1 when the image cannot be converted, 2 on bad usage.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from './bundle.js';
import { UsageError } from './common.js';
import { LayoutBuilder, makeTar, tempDir } from '../harness/image/testing.js';

let t: { dir: string; remove(): Promise<void> };
const layer = makeTar([
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' },
]);

beforeAll(async () => {
  t = await tempDir('oci-bundle-cli-');
  const ok = new LayoutBuilder();
  ok.image([layer], { ref: 'v1' });
  await ok.write(join(t.dir, 'ok'));
  const nouser = new LayoutBuilder();
  nouser.image([layer], { config: (c) => (c.config.User = 'missing') });
  await nouser.write(join(t.dir, 'nouser'));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.remove();
});

describe('oci-conform bundle', () => {
  it('writes rootfs and config.json and exits 0', async () => {
    const out = join(t.dir, 'b1');
    expect(await main([join(t.dir, 'ok'), out, '--ref', 'v1'])).toBe(0);
    expect(existsSync(join(out, 'config.json'))).toBe(true);
    expect(existsSync(join(out, 'rootfs/etc/passwd'))).toBe(true);
  });
  it('exits 1 when Config.User does not resolve', async () => {
    expect(await main([join(t.dir, 'nouser'), join(t.dir, 'b2')])).toBe(1);
  });
  it('bad usage is a UsageError', async () => {
    await expect(main([join(t.dir, 'ok')])).rejects.toBeInstanceOf(UsageError);
    await expect(main([join(t.dir, 'ok'), join(t.dir, 'b3'), '--ref', 'nope'])).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(main([join(t.dir, 'no-such-image'), join(t.dir, 'b4')])).rejects.toThrow(/does not exist/);
  });
});
