import { describe, expect, it } from '@jest/globals';
import { nextQuotaReset, parseResetTimeUtc, quotaPeriodStart } from './daily-period.js';

describe('daily quota periods', () => {
  it('start at the reset time in UTC', () => {
    const offset = parseResetTimeUtc('08:30');
    expect(quotaPeriodStart(Date.parse('2030-01-01T12:00:00Z'), offset)).toBe(
      Date.parse('2030-01-01T08:30:00Z'),
    );
    expect(quotaPeriodStart(Date.parse('2030-01-01T08:00:00Z'), offset)).toBe(
      Date.parse('2029-12-31T08:30:00Z'),
    );
    expect(nextQuotaReset(Date.parse('2030-01-01T08:30:00Z'), offset)).toBe(
      Date.parse('2030-01-02T08:30:00Z'),
    );
  });

  it('default to midnight UTC and reject malformed times', () => {
    expect(parseResetTimeUtc(undefined)).toBe(0);
    expect(parseResetTimeUtc('0:05')).toBe(5 * 60_000);
    for (const bad of ['24:00', '12:60', 'noon', '1200'])
      expect(() => parseResetTimeUtc(bad)).toThrow(RangeError);
  });
});
