import { describe, expect, it } from 'vitest';
import { parseTimeScale, timeScaleEnv } from './time-scale.js';

describe('parseTimeScale', () => {
  it('is 1 without the flag or the variable', () => {
    expect(parseTimeScale(undefined, {})).toEqual({ scale: 1 });
    expect(parseTimeScale(undefined, { [timeScaleEnv]: '' })).toEqual({ scale: 1 });
  });
  it('reads the variable, and the flag wins over it', () => {
    expect(parseTimeScale(undefined, { [timeScaleEnv]: '10' })).toEqual({ scale: 10 });
    expect(parseTimeScale('2.5', { [timeScaleEnv]: '10' })).toEqual({ scale: 2.5 });
  });
  it('refuses factors that would shorten deadlines, are huge or are not numbers, naming the source', () => {
    for (const bad of ['0.5', '0', '-3', '101', 'ten', 'Infinity', ' ']) {
      const flag = parseTimeScale(bad, {});
      expect(flag).toEqual({
        error: `--timeout-scale: expected a number from 1 to 100 but found ${JSON.stringify(bad)}`,
      });
    }
    expect(parseTimeScale(undefined, { [timeScaleEnv]: 'x' })).toEqual({
      error: `${timeScaleEnv}: expected a number from 1 to 100 but found "x"`,
    });
  });
});
