// Unit tests of the features claims checks: hooks that ran, the mount each option goes on, the memory
// policies tried, and the idmap claim against what the probe saw.
import { describe, expect, it } from 'vitest';
import type { HookRecord } from '../../../harness/probe/observation.js';
import {
  checkHooksRan,
  checkIdmapClaim,
  hooksFor,
  idmapClaim,
  memoryPolicies,
  mountFor,
  topList,
} from './claims.js';

const rec = (name: string) => ({ name }) as HookRecord;

describe('features claims', () => {
  it('reads top-level lists', () => {
    expect(topList({ hooks: ['prestart'] }, 'hooks')).toEqual(['prestart']);
    expect(topList({ hooks: [1] }, 'hooks')).toBeUndefined();
    expect(topList(undefined, 'hooks')).toBeUndefined();
  });
  it('gives startContainer container paths and fails on a listed hook that never ran', () => {
    const h = hooksFor(['prestart', 'startContainer'], {
      hostProbe: '/h/probe',
      hostLog: '/h/log',
      containerProbe: '/probe',
      containerLog: '/log',
    });
    expect(h.prestart?.[0]?.path).toBe('/h/probe');
    expect(h.startContainer?.[0]?.args).toContain('/log');
    expect(checkHooksRan(['prestart', 'poststop'], [rec('prestart'), rec('poststop')])).toEqual([]);
    const f = checkHooksRan(['prestart', 'poststop'], [rec('prestart')]);
    expect(f.map((x) => x.requirements)).toEqual([['features.hooks-supported']]);
    expect(f[0]?.message).toMatch(/no run of poststop/);
  });
  it('puts propagation and recursive options on a bind mount, the rest on a tmpfs', () => {
    expect(mountFor('rshared', 1, '/src')[0]).toMatchObject({ type: 'none', options: ['rbind', 'rshared'] });
    expect(mountFor('rnosuid', 1, '/src')[0]).toMatchObject({ type: 'none' });
    expect(mountFor('bind', 1, '/src')[0]).toMatchObject({ type: 'none', options: ['bind'] });
    expect(mountFor('nosuid', 1, '/src')[0]).toMatchObject({ type: 'tmpfs', options: ['nosuid'] });
    expect(mountFor('relatime', 1, '/src')[0]).toMatchObject({ type: 'tmpfs' });
  });
  it('tries each listed mode and flag', () => {
    const p = memoryPolicies({
      linux: { memoryPolicy: { modes: ['MPOL_LOCAL', 'MPOL_BIND'], flags: ['MPOL_F_STATIC_NODES'] } },
    });
    expect(p.map((x) => [x.policy, x.req])).toEqual([
      [{ mode: 'MPOL_LOCAL' }, 'features-linux.memoryPolicy.modes-recognized'],
      [{ mode: 'MPOL_BIND', nodes: '0' }, 'features-linux.memoryPolicy.modes-recognized'],
      [
        { mode: 'MPOL_BIND', nodes: '0', flags: ['MPOL_F_STATIC_NODES'] },
        'features-linux.memoryPolicy.flags-recognized',
      ],
    ]);
    expect(memoryPolicies({})).toEqual([]);
  });
  it('fails an idmap applied without the claim, and a claim not applied', () => {
    expect(idmapClaim({ linux: { mountExtensions: { idmap: { enabled: true } } } })).toBe(true);
    expect(idmapClaim({})).toBeUndefined();
    expect(checkIdmapClaim(true, true)).toEqual([]);
    expect(checkIdmapClaim(undefined, false)).toEqual([]);
    expect(checkIdmapClaim(false, undefined)).toEqual([]);
    expect(checkIdmapClaim(false, true)[0]?.requirements).toEqual([
      'features-linux.mountExtensions.idmap-enabled',
    ]);
    expect(checkIdmapClaim(undefined, true)).toHaveLength(1);
    expect(checkIdmapClaim(true, false)).toHaveLength(1);
    expect(checkIdmapClaim(true, undefined)).toHaveLength(1);
  });
});
