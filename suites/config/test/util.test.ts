// Tests of the shared rule helpers in util.ts.
import { describe, expect, it } from 'vitest';
import { EMPTY, repeatedKeys } from '../util.js';

describe('repeatedKeys', () => {
  const byName = (e: any): string | undefined => (typeof e?.name === 'string' ? e.name : undefined);

  it('returns every later entry of a key with the index of the first one, in list order', () => {
    const list = [{ name: 'a' }, { name: 'b' }, { name: 'a' }, 7, { name: 'b' }, { name: 'a' }];
    expect(repeatedKeys(list, byName).map((r) => [r.index, r.first, r.key])).toEqual([
      [2, 0, 'a'],
      [4, 1, 'b'],
      [5, 0, 'a'],
    ]);
    expect(repeatedKeys(list, byName)[0]!.entry).toBe(list[2]);
  });

  it('passes over entries without a key and allocates nothing for short lists', () => {
    expect(repeatedKeys([{}, {}, {}], byName)).toEqual([]);
    expect(repeatedKeys([{ name: 'a' }], byName)).toBe(EMPTY);
  });
});
