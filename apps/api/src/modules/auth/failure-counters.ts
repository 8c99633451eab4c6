import { type Redis } from 'ioredis';

interface Window {
  count: number;
  endsAt: number;
}

/** Beyond this many keys the in-memory maps drop expired entries, so a flood of addresses cannot grow them. */
const SWEEP_ABOVE = 10_000;

/**
 * Counters in fixed windows and locks with an expiry: in Redis when configured, so every replica sees the
 * same counts, otherwise in this process.
 */
export class FailureCounters {
  private readonly windows = new Map<string, Window>();
  private readonly locks = new Map<string, number>();

  constructor(
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
  ) {}

  /** Adds one to `key`'s window (started by its first count) and returns the new count. */
  async increment(key: string, windowMs: number, now = Date.now()): Promise<number> {
    if (this.redis) {
      const name = `${this.prefix}:count:${key}`;
      const [[, count]] = (await this.redis.multi().incr(name).pexpire(name, windowMs, 'NX').exec()) as [
        [unknown, number],
      ];
      return count;
    }
    const current = this.windows.get(key);
    const window = current && current.endsAt > now ? current : { count: 0, endsAt: now + windowMs };
    window.count += 1;
    this.windows.set(key, window);
    this.sweep(now);
    return window.count;
  }

  async count(key: string, now = Date.now()): Promise<number> {
    if (this.redis) return Number((await this.redis.get(`${this.prefix}:count:${key}`)) ?? 0);
    const window = this.windows.get(key);
    return window && window.endsAt > now ? window.count : 0;
  }

  /** Milliseconds until `key`'s window ends; 0 when it has none. */
  async windowLeft(key: string, now = Date.now()): Promise<number> {
    if (this.redis) return Math.max(0, await this.redis.pttl(`${this.prefix}:count:${key}`));
    const window = this.windows.get(key);
    return window && window.endsAt > now ? window.endsAt - now : 0;
  }

  async reset(key: string): Promise<void> {
    if (this.redis) await this.redis.del(`${this.prefix}:count:${key}`);
    else this.windows.delete(key);
  }

  async lock(key: string, ms: number, now = Date.now()): Promise<void> {
    if (this.redis) await this.redis.set(`${this.prefix}:lock:${key}`, '1', 'PX', ms);
    else this.locks.set(key, now + ms);
  }

  /** Milliseconds until `key`'s lock ends; 0 when it is not locked. */
  async lockedFor(key: string, now = Date.now()): Promise<number> {
    if (this.redis) return Math.max(0, await this.redis.pttl(`${this.prefix}:lock:${key}`));
    const until = this.locks.get(key);
    return until !== undefined && until > now ? until - now : 0;
  }

  private sweep(now: number): void {
    if (this.windows.size > SWEEP_ABOVE)
      for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    if (this.locks.size > SWEEP_ABOVE)
      for (const [key, until] of this.locks) if (until <= now) this.locks.delete(key);
  }
}
