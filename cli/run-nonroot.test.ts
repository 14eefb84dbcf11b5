// `oci-conform run` as a user other than root: an environment failure (exit 3), never a vacuous pass.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../harness/runtime/preflight.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../harness/runtime/preflight.js')>();
  return {
    ...real,
    preflight: async (inputs: Parameters<typeof real.preflight>[0] = {}) =>
      real.preflight({ ...inputs, uid: 1000 }),
  };
});

const { main: run } = await import('./run.js');

describe('oci-conform run as non-root', () => {
  it('exits 3 with "run needs root" before any case runs, writing no report', async () => {
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      err += String(chunk);
      return true;
    });
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(
        await run(['--runtime', process.execPath, '--filter', 'lifecycle.state.*', '--no-compare']),
      ).toBe(3);
    } finally {
      spy.mockRestore();
      out.mockRestore();
    }
    expect(err).toMatch(/^oci-conform run: run needs root: .*uid is \d+/m);
    expect(out).not.toHaveBeenCalled();
  });

  it('still reports usage errors first (exit 2 via UsageError)', async () => {
    await expect(run(['--runtime', process.execPath, '--jobs', '0'])).rejects.toThrow(/--jobs/);
  });
});
