import { Injectable } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';
import { FailureCounters } from './failure-counters.js';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins one client address may make in the window, whatever emails it tries. */
export const MAX_FAILED_LOGINS_PER_ADDRESS = 50;
/** Failed sign-ins across every address and email in GLOBAL_WINDOW_MS before sign-in slows for everyone. */
export const MAX_FAILED_LOGINS_GLOBAL = 1000;
export const GLOBAL_WINDOW_MS = 5 * 60 * 1000;
/** An owner is never locked out: past the limit each failure only makes them wait, at most this long. */
export const OWNER_MAX_BACKOFF_MS = 60 * 1000;

export type LoginRefusal =
  | { scope: 'address' | 'global'; retryAfterMs: number }
  | { scope: 'email'; retryAfterMs: number; owner: boolean };

/**
 * Limits failed sign-ins three ways. Per email: ten failures in fifteen minutes lock it for fifteen minutes, or,
 * for an owner, make each further attempt wait (doubling, at most a minute). Per client address: fifty failures
 * lock the address. Globally: a thousand failures in five minutes refuse every sign-in until the window ends.
 * Owners are held by their own backoff only, so nobody can keep the owners out. Counts are shared through Redis
 * when it is configured.
 */
@Injectable()
export class LoginThrottle {
  private readonly counters: FailureCounters;

  constructor(redis: RedisService) {
    this.counters = new FailureCounters(redis, 'switchyard:login');
  }

  /** Why this attempt must be refused before its password is checked; undefined when it may go ahead. */
  async refusal(
    email: string,
    ip: string | null,
    owner: boolean,
    now = Date.now(),
  ): Promise<LoginRefusal | undefined> {
    // An owner is held only by their own backoff: a locked address or a global flood must not keep them out.
    if (ip && !owner) {
      const addressMs = await this.counters.lockedFor(`address:${ip}`, now);
      if (addressMs > 0) return { scope: 'address', retryAfterMs: addressMs };
    }
    const emailMs = await this.counters.lockedFor(emailKey(email), now);
    if (emailMs > 0) return { scope: 'email', retryAfterMs: emailMs, owner };
    if (!owner && (await this.counters.count('global', now)) >= MAX_FAILED_LOGINS_GLOBAL)
      return { scope: 'global', retryAfterMs: Math.max(1000, await this.counters.windowLeft('global', now)) };
    return undefined;
  }

  /** Counts a failure; returns the lock or wait it started for the email, in milliseconds, or 0. */
  async recordFailure(email: string, ip: string | null, owner: boolean, now = Date.now()): Promise<number> {
    await this.counters.increment('global', GLOBAL_WINDOW_MS, now);
    if (
      ip &&
      (await this.counters.increment(`address:${ip}`, LOCKOUT_WINDOW_MS, now)) >=
        MAX_FAILED_LOGINS_PER_ADDRESS
    ) {
      await this.counters.lock(`address:${ip}`, LOCKOUT_WINDOW_MS, now);
      await this.counters.reset(`address:${ip}`);
    }
    const failures = await this.counters.increment(emailKey(email), LOCKOUT_WINDOW_MS, now);
    if (failures < MAX_FAILED_LOGINS) return 0;
    if (owner) {
      const waitMs = Math.min(OWNER_MAX_BACKOFF_MS, 1000 * 2 ** (failures - MAX_FAILED_LOGINS));
      await this.counters.lock(emailKey(email), waitMs, now);
      return waitMs;
    }
    await this.counters.lock(emailKey(email), LOCKOUT_WINDOW_MS, now);
    await this.counters.reset(emailKey(email));
    return LOCKOUT_WINDOW_MS;
  }

  async recordSuccess(email: string): Promise<void> {
    await this.counters.reset(emailKey(email));
  }
}

const emailKey = (email: string) => `email:${email.toLowerCase()}`;
