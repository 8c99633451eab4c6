import { describe, expect, it } from '@jest/globals';
import { microsToUsd, usdToMicros } from './usd.js';

describe('usdToMicros', () => {
  it('converts exactly, without float error', () => {
    expect(usdToMicros(0)).toBe(0n);
    expect(usdToMicros(0.1)).toBe(100_000n);
    expect(usdToMicros(0.000001)).toBe(1n);
    expect(usdToMicros(19.99)).toBe(19_990_000n);
    expect(usdToMicros(123456.789012)).toBe(123_456_789_012n);
    expect(usdToMicros(1_000_000_000)).toBe(1_000_000_000_000_000n);
  });

  it('refuses more than six decimals and negative amounts', () => {
    expect(usdToMicros(0.0000001)).toBeUndefined();
    expect(usdToMicros(1.0000001)).toBeUndefined();
    expect(usdToMicros(-1)).toBeUndefined();
    expect(usdToMicros(Number.NaN)).toBeUndefined();
  });

  it('round-trips through the JSON form', () => {
    expect(microsToUsd(19_990_000n)).toBe(19.99);
    expect(microsToUsd(1n)).toBe(0.000001);
  });
});
