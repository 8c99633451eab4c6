import { describe, expect, it } from '@jest/globals';
import { formatUsd } from './money.js';

describe('formatUsd', () => {
  it('shows the exact micro-dollar amount, with at least two decimals', () => {
    expect(formatUsd(0.005246)).toBe('$0.005246');
    expect(formatUsd(0.01)).toBe('$0.01');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(1234.000001)).toBe('$1,234.000001');
    expect(formatUsd(-3.2)).toBe('-$3.20');
  });

  it('tells apart amounts that cents would merge', () => {
    expect(formatUsd(0.004)).not.toBe(formatUsd(0.0049));
    expect(formatUsd(0.000001)).toBe('$0.000001');
  });
});
