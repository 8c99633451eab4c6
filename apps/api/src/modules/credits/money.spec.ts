import { describe, expect, it } from '@jest/globals';
import { hasAtMostSixDecimals, microsToUsd, usdAmount, usdToMicros } from './money.js';

describe('USD and micro-USD', () => {
  it('parses amounts exactly, without float rounding', () => {
    expect(usdToMicros(0.15)).toBe(150_000n);
    expect(usdToMicros(0.000001)).toBe(1n);
    expect(usdToMicros(1e9)).toBe(1_000_000_000_000_000n);
    expect(usdToMicros(2.5)).toBe(2_500_000n);
    expect(usdToMicros(-0.3)).toBe(-300_000n);
    expect(usdToMicros(0)).toBe(0n);
    expect(usdToMicros(123456.654321)).toBe(123_456_654_321n);
  });

  it('refuses more than six decimals, including float artefacts', () => {
    expect(hasAtMostSixDecimals(0.1 + 0.2)).toBe(false);
    expect(hasAtMostSixDecimals(0.0000001)).toBe(false);
    expect(() => usdToMicros(1.0000001)).toThrow(RangeError);
    expect(() => usdToMicros(Number.NaN)).toThrow(RangeError);
  });

  it('shows micro-USD as USD numbers', () => {
    expect(microsToUsd(150_000n)).toBe(0.15);
    expect(microsToUsd(1n)).toBe(0.000001);
    expect(microsToUsd(-2_500_000n)).toBe(-2.5);
  });

  it('validates a field within bounds', () => {
    const field = usdAmount({ min: 0, max: 100 });
    expect(field.parse(12.34)).toBe(12_340_000n);
    expect(field.safeParse(-1).success).toBe(false);
    expect(field.safeParse(100.000001).success).toBe(false);
    expect(field.safeParse('1').success).toBe(false);
    expect(field.safeParse(1.1234567).success).toBe(false);
    expect(field.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  });
});
