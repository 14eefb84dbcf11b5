// validate-image CLI: exit codes and the JSON report for a valid and a broken layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from './validate-image.js';
import { UsageError } from './common.js';
import { LayoutBuilder, makeTar, tempDir } from '../harness/image/testing.js';

let t: { dir: string; remove(): Promise<void> };
const layer = makeTar([
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' },
]);

beforeAll(async () => {
  t = await tempDir('oci-validate-image-cli-');
  const ok = new LayoutBuilder();
  ok.image([layer], { ref: 'v1' });
  await ok.write(join(t.dir, 'ok'));
  const bad = new LayoutBuilder();
  bad.image([layer], { config: (c) => (c.rootfs.type = 'tarballs') });
  await bad.write(join(t.dir, 'bad'));
});
afterAll(async () => {
  await t.remove();
});

async function run(args: string[]): Promise<{ code: number; report: any }> {
  const out = join(t.dir, `r${Math.random()}.json`);
  const code = await main([...args, '--reporter', `json=${out}`]);
  return { code, report: JSON.parse(await readFile(out, 'utf8')) };
}

describe('oci-conform validate-image', () => {
  it('exits 0 on a valid layout and writes a validate-image report', async () => {
    const { code, report } = await run([join(t.dir, 'ok')]);
    expect(code).toBe(0);
    expect(report.command).toBe('validate-image');
    expect(report.subject.kind).toBe('image');
    expect(report.totals.fail).toBe(0);
    expect(report.cases.length).toBeGreaterThan(20);
  });
  it('exits 1 with the failing rule and its location', async () => {
    const { code, report } = await run([join(t.dir, 'bad')]);
    expect(code).toBe(1);
    const failed = report.cases.filter((c: any) => c.status === 'fail');
    expect(failed.map((c: any) => c.id)).toEqual(['image.config.rootfs']);
    const loc = failed[0].findings[0].location;
    expect(loc).toMatchObject({ kind: 'document', pointer: '/rootfs/type' });
    expect(loc.line).toBeGreaterThan(0);
  });
  it('usage errors: no path, an unknown --ref, a bad --platform', async () => {
    await expect(main([])).rejects.toBeInstanceOf(UsageError);
    await expect(
      main([join(t.dir, 'ok'), '--ref', 'nope', '--reporter', `json=${join(t.dir, 'x.json')}`]),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(main([join(t.dir, 'ok'), '--platform', 'linux'])).rejects.toBeInstanceOf(UsageError);
  });
});
