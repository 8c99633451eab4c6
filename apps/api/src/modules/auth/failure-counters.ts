import { type Redis } from 'ioredis';
import { type RedisService } from '../../redis/redis.service.js';

interface Window {
  count: number;
  endsAt: number;
}

/** Beyond this many keys the in-memory maps drop expired entries, so a flood of addresses cannot grow them. */
const SWEEP_ABOVE = 10_000;

/**
 * Counters in fixed windows and locks with an expiry: in Redis when configured, so every replica sees the
 * same counts, otherwise in this process. While Redis is down (or when a call to it fails) they are kept in this
 * process too, so sign-in keeps working and stays limited per replica.
 */
export class FailureCounters {
  private readonly windows = new Map<string, Window>();
  private readonly locks = new Map<string, number>();

  constructor(
    private readonly shared: RedisService,
    private readonly prefix: string,
  ) {}

  /** Runs `work` on Redis when it is up; undefined when it is absent, down, or failed this call. */
  private async onRedis<T>(work: (redis: Redis) => Promise<T>): Promise<{ value: T } | undefined> {
    const client = this.shared.client;
    if (!client || !this.shared.available) return undefined;
    try {
      return { value: await work(client) };
    } catch (error) {
      this.shared.reportFailure(error);
      return undefined;
    }
  }

  /** Adds one to `key`'s window (started by its first count) and returns the new count. */
  async increment(key: string, windowMs: number, now = Date.now()): Promise<number> {
    const name = `${this.prefix}:count:${key}`;
    const shared = await this.onRedis(async (redis) => {
      const [[, count]] = (await redis.multi().incr(name).pexpire(name, windowMs, 'NX').exec()) as [
        [unknown, number],
      ];
      return count;
    });
    if (shared) return shared.value;
    const current = this.windows.get(key);
    const window = current && current.endsAt > now ? current : { count: 0, endsAt: now + windowMs };
    window.count += 1;
    this.windows.set(key, window);
    this.sweep(now);
    return window.count;
  }

  async count(key: string, now = Date.now()): Promise<number> {
    const shared = await this.onRedis((redis) => redis.get(`${this.prefix}:count:${key}`));
    if (shared) return Number(shared.value ?? 0);
    const window = this.windows.get(key);
    return window && window.endsAt > now ? window.count : 0;
  }

  /** Milliseconds until `key`'s window ends; 0 when it has none. */
  async windowLeft(key: string, now = Date.now()): Promise<number> {
    const shared = await this.onRedis((redis) => redis.pttl(`${this.prefix}:count:${key}`));
    if (shared) return Math.max(0, shared.value);
    const window = this.windows.get(key);
    return window && window.endsAt > now ? window.endsAt - now : 0;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
    await this.onRedis((redis) => redis.del(`${this.prefix}:count:${key}`));
  }

  async lock(key: string, ms: number, now = Date.now()): Promise<void> {
    if (!(await this.onRedis((redis) => redis.set(`${this.prefix}:lock:${key}`, '1', 'PX', ms))))
      this.locks.set(key, now + ms);
  }

  /** Milliseconds until `key`'s lock ends; 0 when it is not locked. */
  async lockedFor(key: string, now = Date.now()): Promise<number> {
    const shared = await this.onRedis((redis) => redis.pttl(`${this.prefix}:lock:${key}`));
    // A lock taken while Redis was down lives only here and still holds after Redis returns.
    const until = this.locks.get(key);
    const local = until !== undefined && until > now ? until - now : 0;
    return Math.max(local, shared ? shared.value : 0);
  }

  private sweep(now: number): void {
    if (this.windows.size > SWEEP_ABOVE)
      for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    if (this.locks.size > SWEEP_ABOVE)
      for (const [key, until] of this.locks) if (until <= now) this.locks.delete(key);
  }
}
