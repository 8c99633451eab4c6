/**
 * Latency is kept as a histogram with geometric buckets (×1.3 from 1 ms to ~2 min), so hourly rollups can be
 * merged by addition and still give p50/p95 within ~15% — exact percentiles would need every sample.
 */
const RATIO = 1.3;
export const BUCKET_UPPER_BOUNDS_MS: readonly number[] = Array.from({ length: 46 }, (_, i) =>
  Math.round(RATIO ** i),
);
export const BUCKET_COUNT = BUCKET_UPPER_BOUNDS_MS.length + 1;

export function bucketOf(latencyMs: number): number {
  if (latencyMs <= 1) return 0;
  const index = Math.ceil(Math.log(latencyMs) / Math.log(RATIO));
  return Math.min(index, BUCKET_COUNT - 1);
}

export function emptyHistogram(): number[] {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

export function addInto(target: number[], source: readonly number[]): number[] {
  for (let i = 0; i < source.length; i += 1) target[i] = (target[i] ?? 0) + (source[i] ?? 0);
  return target;
}

/** The percentile's bucket, interpolated linearly inside it. */
export function percentile(histogram: readonly number[], fraction: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = fraction * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i += 1) {
    const count = histogram[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : (BUCKET_UPPER_BOUNDS_MS[i - 1] ?? 0);
      const upper = BUCKET_UPPER_BOUNDS_MS[i] ?? lower * RATIO;
      return Math.round(lower + ((rank - seen) / count) * (upper - lower));
    }
    seen += count;
  }
  return BUCKET_UPPER_BOUNDS_MS[BUCKET_UPPER_BOUNDS_MS.length - 1] ?? null;
}
