import { describe, expect, it } from '@jest/globals';
import { subtractUsd, sumUsd, usdToMicros } from './money';

describe('money arithmetic', () => {
  it('adds many small costs without floating-point drift', () => {
    const costs = Array.from({ length: 1000 }, () => 0.000001 * 7);
    expect(sumUsd(costs)).toBe(0.007);
    expect(sumUsd([0.1, 0.2])).toBe(0.3);
  });

  it('subtracts exactly', () => {
    expect(subtractUsd(0.3, 0.1)).toBe(0.2);
    expect(subtractUsd(50, 49.999888)).toBe(0.000112);
  });

  it('rounds to whole micro-dollars', () => {
    expect(usdToMicros(0.0000485)).toBe(49);
    expect(usdToMicros(12.345678)).toBe(12_345_678);
  });
});
