import { describe, expect, it } from '@jest/globals';
import { parseDuration, parseSeconds } from '../../src/util/duration.js';

describe('the one duration grammar', () => {
  it('reads a number with a unit, several in a row, and decimals, in milliseconds', () => {
    expect(
      ['500ms', '2s', '1.5s', '10m', '1h', '1m30s', '1h30m', '2s500ms', ' 20s '].map((t) => parseDuration(t)),
    ).toEqual([500, 2000, 1500, 600_000, 3_600_000, 90_000, 5_400_000, 2500, 20_000]);
  });

  it('takes a bare number only when the caller names its unit', () => {
    expect(parseDuration('600')).toBeUndefined();
    expect(parseDuration('600', 's')).toBe(600_000);
    expect(parseDuration('250', 'ms')).toBe(250);
    expect(parseDuration('1.5', 's')).toBe(1500);
  });

  it('refuses what is not a duration', () => {
    for (const t of ['', 'soon', '2 s', '-5s', '5d', 's', '1e3s', '5', '1m 30s', '0x10s'])
      expect(parseDuration(t)).toBeUndefined();
  });

  it('reads whole seconds where a setting counts seconds (600, 90s, 10m, 1h, and now 1m30s)', () => {
    expect(['600', '90s', '10m', '1h', '1m30s', '1.5m'].map(parseSeconds)).toEqual([600, 90, 600, 3600, 90, 90]);
    expect(parseSeconds('1500ms')).toBeUndefined();
    expect(parseSeconds('soon')).toBeUndefined();
  });
});
