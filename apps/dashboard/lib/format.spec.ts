import { describe, expect, it } from '@jest/globals';
import {
  errorRate,
  formatDuration,
  formatMs,
  formatPrice,
  formatRelative,
  formatUsd,
  formatUsdAxis,
} from './format';

describe('money formatting', () => {
  it('writes every amount exactly to the micro-dollar, with at least two decimals', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.005246)).toBe('$0.005246');
    expect(formatUsd(0.000048)).toBe('$0.000048');
  });

  it('rates errors against the requests that reached an upstream, refusals left out', () => {
    expect(errorRate({ requests: 100, errors: 1, refusals: 79 })).toBeCloseTo(1 / 21);
    expect(errorRate({ requests: 5, errors: 0, refusals: 5 })).toBeNull();
  });

  it('labels chart axes with as many decimals as the step needs', () => {
    expect(formatUsdAxis(0.0005, 0.0005)).toBe('$0.0005');
    expect(formatUsdAxis(2.5, 2.5)).toBe('$2.50');
    expect(formatUsdAxis(25_000, 5_000)).toBe('$25K');
  });

  it('keeps every significant decimal of a unit price', () => {
    expect(formatPrice(0.8)).toBe('$0.80');
    expect(formatPrice(0.075)).toBe('$0.075');
    expect(formatPrice(15)).toBe('$15.00');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.2, '1s'],
    [42, '42s'],
    [120, '2m 00s'],
    [125.4, '2m 06s'],
    [3600 + 62, '1h 01m'],
    [-5, '0s'],
  ])('%p seconds reads %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatMs', () => {
  it('rounds to a readable precision', () => {
    expect(formatMs(3.3954)).toBe('3.4 ms');
    expect(formatMs(42.6)).toBe('43 ms');
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatMs(15_400)).toBe('15.4 s');
    expect(formatMs(null)).toBe('—');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('describes the past and the future', () => {
    expect(formatRelative('2026-11-22T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-11-22T11:48:00Z', now)).toBe('12 min ago');
    expect(formatRelative('2026-11-22T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2026-11-19T12:00:00Z', now)).toBe('3 d ago');
    expect(formatRelative('2026-11-22T12:30:00Z', now)).toBe('in 30 min');
    expect(formatRelative(null, now)).toBe('never');
  });
});
