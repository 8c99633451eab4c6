import { describe, expect, it } from '@jest/globals';
import { daysBetween, isIsoDay, startOfUtcMonth } from './dates';

describe('dates', () => {
  it('lists UTC days inclusively, across a month end', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    expect(daysBetween('2026-11-02', '2026-11-01')).toEqual([]);
  });

  it('accepts only real calendar days', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('26-2-1')).toBe(false);
  });

  it('starts months in UTC', () => {
    expect(startOfUtcMonth(new Date('2026-11-30T23:30:00-05:00')).toISOString()).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });
});
