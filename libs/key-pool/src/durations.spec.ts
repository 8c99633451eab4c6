import { describe, expect, it } from '@jest/globals';
import { parseDurationMs, parseResetMs, parseRetryAfterMs } from './durations.js';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');

describe('parseDurationMs', () => {
  it.each([
    ['6m0s', 360_000],
    ['1.5s', 1_500],
    ['20ms', 20],
    ['1h2m3s', 3_723_000],
    ['1.500s', 1_500],
    ['38.791703813s', 38_791.703813],
    ['20 seconds', 20_000],
    ['1 minute', 60_000],
    ['2 hours', 7_200_000],
    ['500us', 0.5],
  ])('reads %s', (text, expected) => {
    expect(parseDurationMs(text)).toBeCloseTo(expected, 6);
  });

  it.each(['', 'soon', '5', '5 parsecs', 's'])('rejects %p', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('17', NOW)).toBe(17_000);
    expect(parseRetryAfterMs('0.5', NOW)).toBe(500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Tue, 01 Jan 2030 12:01:30 GMT', NOW)).toBe(90_000);
    expect(parseRetryAfterMs('Tue, 01 Jan 2030 11:00:00 GMT', NOW)).toBe(0);
  });

  it('rejects garbage', () => {
    expect(parseRetryAfterMs('later', NOW)).toBeUndefined();
  });
});

describe('parseResetMs', () => {
  it('reads durations, RFC 3339 instants and epoch numbers', () => {
    expect(parseResetMs('6m0s', NOW)).toBe(360_000);
    expect(parseResetMs('2030-01-01T12:00:42Z', NOW)).toBe(42_000);
    expect(parseResetMs(String(NOW + 5_000), NOW)).toBe(5_000);
    expect(parseResetMs(String((NOW + 7_000) / 1000), NOW)).toBe(7_000);
    expect(parseResetMs('3', NOW)).toBe(3_000);
  });
});
