// The config.json umoci writes when it unpacks an image validates with zero errors, as a file and
// as a bundle (umoci is a real producer of hand-off configs; skipped when it is not installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validatePath } from '../../../harness/validate.js';
import { applySeverity } from '../../../model/policy.js';
import { rules } from '../index.js';

const haveUmoci = spawnSync('sh', ['-c', 'command -v umoci'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'oci-conform-umoci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveUmoci)(
  `validate on umoci unpack output${haveUmoci ? '' : ' (skipped: umoci not installed)'}`,
  () => {
    it('has zero errors for the config and the bundle', () => {
      const layout = join(dir, 'layout');
      const bundle = join(dir, 'bundle');
      const run = (args: string[]) => execFileSync('umoci', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      run(['init', '--layout', layout]);
      run(['new', '--image', `${layout}:v1`]);
      run([
        'config',
        '--image',
        `${layout}:v1`,
        '--config.cmd',
        '/bin/true',
        '--config.env',
        'A=1',
        '--config.workingdir',
        '/srv',
      ]);
      run(['unpack', '--image', `${layout}:v1`, bundle]);
      const findings = (path: string) =>
        validatePath(path, { rules }).cases.flatMap((c) => applySeverity(c.findings, 'must'));
      const errors = (path: string) =>
        findings(path)
          .filter((f) => f.severity === 'error')
          .map((f) => `${f.rule} ${f.location.kind === 'document' ? f.location.pointer : ''}: ${f.message}`);
      expect(errors(join(bundle, 'config.json'))).toEqual([]);
      // As a bundle, args[0] must resolve in the (empty) rootfs: the one bundle finding is exactly that (a
      // hazard: umoci leaves the rootfs to the image, and this image has no layers).
      expect(errors(bundle)).toEqual([]);
      expect(
        findings(bundle)
          .filter((f) => f.rule.startsWith('bundle.'))
          .map((f) => [f.rule, f.location.kind === 'document' ? f.location.pointer : '', f.severity]),
      ).toEqual([['bundle.args-executable', '/process/args/0', 'warning']]);
    });
  },
);
