import { describe, expect, it } from '@jest/globals';
import { LatencyRing } from './latency-ring.js';

describe('LatencyRing', () => {
  it('reports nearest-rank percentiles', () => {
    const ring = new LatencyRing(100);
    for (let latency = 1; latency <= 100; latency += 1) ring.record(latency);
    expect(ring.percentile(0.5)).toBe(50);
    expect(ring.percentile(0.95)).toBe(95);
    expect(ring.percentile(1)).toBe(100);
  });

  it('keeps only the most recent samples, however many arrive', () => {
    const ring = new LatencyRing(4);
    for (let latency = 1; latency <= 10_000; latency += 1) ring.record(latency);
    expect(ring.size).toBe(4);
    expect(ring.values()).toEqual([9_997, 9_998, 9_999, 10_000]);
    expect(ring.percentile(0.5)).toBe(9_998);
  });

  it('has nothing to say before the first sample and ignores nonsense', () => {
    const ring = new LatencyRing();
    ring.record(Number.NaN);
    ring.record(-1);
    expect(ring.percentile(0.5)).toBeNull();
  });
});
