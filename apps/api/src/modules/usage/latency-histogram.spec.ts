import { describe, expect, it } from '@jest/globals';
import { addInto, bucketOf, emptyHistogram, percentile } from './latency-histogram.js';

function histogramOf(samples: number[]): number[] {
  const histogram = emptyHistogram();
  for (const sample of samples) histogram[bucketOf(sample)] = (histogram[bucketOf(sample)] ?? 0) + 1;
  return histogram;
}

describe('latency histogram', () => {
  it('estimates percentiles within the bucket resolution', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    const histogram = histogramOf(samples);
    expect(percentile(histogram, 0.5)).toBeGreaterThan(500 / 1.3);
    expect(percentile(histogram, 0.5)).toBeLessThan(500 * 1.3);
    expect(percentile(histogram, 0.95)).toBeGreaterThan(950 / 1.3);
    expect(percentile(histogram, 0.95)).toBeLessThan(950 * 1.3);
  });

  it('merges by addition, as hourly rollups do', () => {
    const merged = addInto(histogramOf([10, 20]), histogramOf([30, 4000]));
    expect(merged.reduce((a, b) => a + b, 0)).toBe(4);
    expect(percentile(merged, 1)).toBeGreaterThan(3000);
  });

  it('has no percentile without samples, and clamps huge latencies into the last bucket', () => {
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
    expect(bucketOf(10 ** 9)).toBe(emptyHistogram().length - 1);
    expect(bucketOf(0)).toBe(0);
  });
});
