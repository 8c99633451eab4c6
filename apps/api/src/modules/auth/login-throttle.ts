import { Injectable } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

interface FailureWindow {
  count: number;
  windowEndsAt: number;
  lockedUntil: number;
}

/**
 * Counts failed logins per email. Ten failures within fifteen minutes lock the email for fifteen minutes,
 * whatever password comes next. With Redis the count is shared by every replica.
 */
@Injectable()
export class LoginThrottle {
  private readonly local = new Map<string, FailureWindow>();

  constructor(private readonly redis: RedisService) {}

  /** Milliseconds until the lock-out ends, or 0 when the email may try. */
  async lockedFor(email: string, now = Date.now()): Promise<number> {
    const key = email.toLowerCase();
    if (this.redis.client) {
      const ttl = await this.redis.client.pttl(`switchyard:login:lock:${key}`);
      return ttl > 0 ? ttl : 0;
    }
    const window = this.local.get(key);
    return window && window.lockedUntil > now ? window.lockedUntil - now : 0;
  }

  /** Records a failure; returns the lock-out length when this failure started one. */
  async recordFailure(email: string, now = Date.now()): Promise<number> {
    const key = email.toLowerCase();
    if (this.redis.client) {
      const failures = `switchyard:login:failures:${key}`;
      const [[, count]] = (await this.redis.client
        .multi()
        .incr(failures)
        .pexpire(failures, LOCKOUT_WINDOW_MS, 'NX')
        .exec()) as [[unknown, number]];
      if (count >= MAX_FAILED_LOGINS) {
        await this.redis.client
          .multi()
          .set(`switchyard:login:lock:${key}`, '1', 'PX', LOCKOUT_WINDOW_MS)
          .del(failures)
          .exec();
        return LOCKOUT_WINDOW_MS;
      }
      return 0;
    }
    const current = this.local.get(key);
    const window =
      current && current.windowEndsAt > now
        ? current
        : { count: 0, windowEndsAt: now + LOCKOUT_WINDOW_MS, lockedUntil: 0 };
    window.count += 1;
    if (window.count >= MAX_FAILED_LOGINS) {
      this.local.set(key, {
        count: 0,
        windowEndsAt: now + LOCKOUT_WINDOW_MS,
        lockedUntil: now + LOCKOUT_WINDOW_MS,
      });
      return LOCKOUT_WINDOW_MS;
    }
    this.local.set(key, window);
    return 0;
  }

  async recordSuccess(email: string): Promise<void> {
    const key = email.toLowerCase();
    if (this.redis.client) await this.redis.client.del(`switchyard:login:failures:${key}`);
    else this.local.delete(key);
  }
}
