/** The most recent latencies in a fixed-size ring: memory stays bounded however many requests a key serves. */
export class LatencyRing {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity = 256) {
    if (!(capacity >= 1)) throw new RangeError('A latency ring needs room for at least one sample');
    this.samples = new Float64Array(capacity);
  }

  record(latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    this.samples[this.next] = latencyMs;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank percentile of the retained samples, or null before the first one. */
  percentile(fraction: number): number | null {
    if (this.count === 0) return null;
    const sorted = this.samples.slice(0, this.count).sort();
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil(fraction * this.count) - 1));
    return sorted[rank] ?? null;
  }

  values(): number[] {
    const ordered: number[] = [];
    const start = this.count < this.samples.length ? 0 : this.next;
    for (let offset = 0; offset < this.count; offset += 1) {
      ordered.push(this.samples[(start + offset) % this.samples.length] ?? 0);
    }
    return ordered;
  }
}
