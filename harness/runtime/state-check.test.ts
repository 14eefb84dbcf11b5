import { describe, expect, it } from 'vitest';
import { checkStateDocument } from './state-check.js';

const good = {
  ociVersion: '1.0.2-dev',
  id: 'c',
  status: 'created',
  pid: 42,
  bundle: '/b',
  annotations: { a: 'b' },
};

describe('state document check', () => {
  it('accepts the states runc and crun print, with extra properties', () => {
    expect(checkStateDocument('1.3.0', good)).toEqual([]);
    expect(
      checkStateDocument('1.3.0', { ...good, ociVersion: '1.0.0', rootfs: 'rootfs', 'systemd-scope': '' }),
    ).toEqual([]);
    expect(checkStateDocument('1.0.0', { ...good, status: 'stopped', pid: 0 })).toEqual([]);
  });

  it('points at what is wrong', () => {
    const pointers = (v: unknown) => checkStateDocument('1.3.0', v).map((p) => p.pointer);
    expect(pointers({ ...good, id: 7 })).toContain('/id');
    expect(pointers({ ...good, annotations: { a: 1 } })).toContain('/annotations/a');
    const { pid: _pid, ...noPid } = good;
    expect(checkStateDocument('1.3.0', noPid).length).toBeGreaterThan(0);
    const { bundle: _b, ...noBundle } = good;
    expect(checkStateDocument('1.3.0', noBundle).length).toBeGreaterThan(0);
    expect(checkStateDocument('1.3.0', [1]).length).toBeGreaterThan(0);
  });
});
