// bundle CLI: exit 0 with a bundle written, 1 when the image cannot be converted, 2 on bad usage.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, parseSize } from './bundle.js';
import { UsageError } from './common.js';
import { LayoutBuilder, makeTar, tempDir } from '../harness/image/testing.js';

let t: { dir: string; remove(): Promise<void> };
let stderr: { mock: { calls: unknown[][] }; mockClear(): void };
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
  const imported = new LayoutBuilder();
  imported.image([layer], { config: (c) => (c.config = {}) });
  await imported.write(join(t.dir, 'imported'));
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
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
  it('takes the process after -- and reports the default when there is none', async () => {
    const given = join(t.dir, 'b5');
    expect(await main([join(t.dir, 'imported'), given, '--', '/bin/echo', '--flag'])).toBe(0);
    expect(JSON.parse(readFileSync(join(given, 'config.json'), 'utf8')).process.args).toEqual([
      '/bin/echo',
      '--flag',
    ]);
    stderr.mockClear();
    expect(await main([join(t.dir, 'imported'), join(t.dir, 'b6')])).toBe(0);
    const out = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(out).toMatch(/warning: the image config has neither Entrypoint nor Cmd: process.args is \["sh"\]/);
    await expect(main([join(t.dir, 'imported'), join(t.dir, 'b7'), '--'])).rejects.toThrow(
      /command after --/,
    );
  });
  it('--max-size: sizes with suffixes, exit 1 past the limit with nothing left', async () => {
    expect(parseSize('10G')).toBe(10 * 2 ** 30);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('100')).toBe(100);
    expect(() => parseSize('ten')).toThrow(UsageError);
    expect(() => parseSize('0')).toThrow(UsageError);
    const out = join(t.dir, 'b8');
    expect(await main([join(t.dir, 'ok'), out, '--max-size', '4'])).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});
