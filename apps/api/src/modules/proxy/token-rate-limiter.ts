import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  requests: number;
  tokens: number;
  /** Counted here while Redis was down, to be added to the shared counts when it answers again. */
  unsharedRequests: number;
  unsharedTokens: number;
}

interface Counts {
  requests: number;
  tokens: number;
}

/** A token's one-minute window once a request was counted in it. */
export interface RateWindowCount extends Counts {
  windowStart: number;
  rpm: number | null;
  tpm: number | null;
}

const windowStartOf = (now: number) => Math.floor(now / WINDOW_MS) * WINDOW_MS;

/**
 * Per-token rpm and tpm over fixed one-minute windows. A request counts its estimated prompt at admission, and the
 * difference to the tokens the upstream reported at settlement, so tpm counts reported tokens. Tokens without
 * limits cost nothing. With Redis the counts are shared by every replica (one pipelined round trip for a limited
 * token); otherwise per replica.
 *
 * While Redis is down each replica counts alone against its share of each limit (the limit divided by the
 * replica count Redis last reported), starting from its share of what Redis had counted. When Redis answers
 * again, what was counted meanwhile is added to the shared counts, so the window converges.
 */
@Injectable()
export class TokenRateLimiter implements OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly stopConverging: () => void;

  constructor(private readonly redis: RedisService) {
    this.stopConverging = redis.onRestored(() => void this.shareUnsharedCounts());
  }

  onModuleDestroy(): void {
    this.stopConverging();
  }

  /**
   * `admit` when memory decides: the window once the request is counted (null for a token without limits), or
   * undefined (nothing counted) when the counts live in Redis. Throws the same refusal as `admit`.
   */
  tryAdmit(
    principal: ProxyTokenPrincipal,
    estimatedTokens: number,
    now = Date.now(),
  ): RateWindowCount | null | undefined {
    if (principal.rpm === null && principal.tpm === null) return null;
    if (this.redis.available) return undefined;
    const windowStart = windowStartOf(now);
    const counted = this.countLocally(principal.tokenId, windowStart, 1, estimatedTokens);
    return this.refuseOverLimit(principal, windowStart, counted, this.localShare(), now);
  }

  /** Counts the request and its estimated prompt; refuses with 429 + Retry-After when a limit is passed. */
  async admit(
    principal: ProxyTokenPrincipal,
    estimatedTokens: number,
    now = Date.now(),
  ): Promise<RateWindowCount | null> {
    if (principal.rpm === null && principal.tpm === null) return null;
    const windowStart = windowStartOf(now);
    const shared = await this.countShared(principal.tokenId, windowStart, 1, estimatedTokens);
    if (shared) return this.refuseOverLimit(principal, windowStart, shared, 1, now);
    const counted = this.countLocally(principal.tokenId, windowStart, 1, estimatedTokens);
    return this.refuseOverLimit(principal, windowStart, counted, this.localShare(), now);
  }

  /**
   * Corrects the admission's estimate by what the request really used (`reportedTokens − estimate`, either sign).
   * Into the window it was counted in while that is current; once it is over, only tokens beyond the estimate
   * still count, in the current window.
   */
  record(
    principal: ProxyTokenPrincipal,
    admitted: RateWindowCount,
    correction: number,
    now = Date.now(),
  ): void {
    if (principal.tpm === null || correction === 0) return;
    const windowStart = windowStartOf(now);
    if (windowStart !== admitted.windowStart && correction < 0) return;
    if (!this.redis.available) {
      this.countLocally(principal.tokenId, windowStart, 0, correction);
      return;
    }
    void this.countShared(principal.tokenId, windowStart, 0, correction).then((shared) => {
      if (!shared) this.countLocally(principal.tokenId, windowStart, 0, correction);
    });
  }

  /** The token's current window without counting anything, for the headers of an answer that was not counted. */
  async peek(principal: ProxyTokenPrincipal, now = Date.now()): Promise<RateWindowCount | null> {
    if (principal.rpm === null && principal.tpm === null) return null;
    const windowStart = windowStartOf(now);
    const local = this.windows.get(principal.tokenId);
    const counts =
      (await this.readShared(principal.tokenId, windowStart)) ??
      (local?.startedAt === windowStart ? local : { requests: 0, tokens: 0 });
    return {
      windowStart,
      requests: counts.requests,
      tokens: counts.tokens,
      rpm: principal.rpm,
      tpm: principal.tpm,
    };
  }

  /** The fraction of each limit this replica may use on its own: all of it without Redis. */
  private localShare(): number {
    return this.redis.enabled ? 1 / this.redis.replicaCount : 1;
  }

  /**
   * The window as counted, or the 429 (with `scope`, `limit`, `window` and the `x-ratelimit-*` headers) when it is
   * past a limit. `share` is the part of each limit this replica may use on its own.
   */
  private refuseOverLimit(
    principal: ProxyTokenPrincipal,
    windowStart: number,
    { requests, tokens }: Counts,
    share: number,
    now: number,
  ): RateWindowCount {
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    const rpm = principal.rpm === null ? null : Math.max(1, Math.floor(principal.rpm * share));
    const tpm = principal.tpm === null ? null : Math.max(1, Math.floor(principal.tpm * share));
    const counted = { windowStart, requests, tokens, rpm, tpm };
    const refuse = (limit: number, unit: string) =>
      new ProxyException(
        ProxyErrorCode.RateLimited,
        `This token is limited to ${limit} ${unit} per minute`,
        null,
        retryAfter,
        { scope: 'token', limit, window: 'minute' },
        rateLimitHeaders(counted),
      );
    if (principal.rpm !== null && rpm !== null && requests > rpm) throw refuse(principal.rpm, 'requests');
    if (principal.tpm !== null && tpm !== null && tokens > tpm) throw refuse(principal.tpm, 'tokens');
    return counted;
  }

  /** The counts of every replica, or undefined when Redis is absent or did not answer. */
  private async readShared(tokenId: string, windowStart: number): Promise<Counts | undefined> {
    const client = this.redis.client;
    if (!client || !this.redis.available) return undefined;
    try {
      const [requests, tokens] = await client.hmget(
        `switchyard:ratelimit:${tokenId}:${windowStart}`,
        'r',
        't',
      );
      return { requests: Number(requests ?? 0), tokens: Number(tokens ?? 0) };
    } catch (error) {
      this.redis.reportFailure(error);
      return undefined;
    }
  }

  /** The counts of every replica after adding these, or undefined when Redis is absent or did not answer. */
  private async countShared(
    tokenId: string,
    windowStart: number,
    requests: number,
    tokens: number,
  ): Promise<Counts | undefined> {
    const client = this.redis.client;
    if (!client || !this.redis.available) return undefined;
    const key = `switchyard:ratelimit:${tokenId}:${windowStart}`;
    try {
      const result = (await client
        .multi()
        .hincrby(key, 'r', requests)
        .hincrby(key, 't', Math.ceil(tokens))
        .pexpire(key, WINDOW_MS * 2)
        .exec()) as [[unknown, number], [unknown, number]];
      const counts = { requests: result[0][1], tokens: result[1][1] };
      this.rememberShare(tokenId, windowStart, counts);
      return counts;
    } catch (error) {
      this.redis.reportFailure(error);
      return undefined;
    }
  }

  /** Keeps this replica's share of the shared counts, the start of its own count should Redis go down. */
  private rememberShare(tokenId: string, windowStart: number, counts: Counts): void {
    const share = this.localShare();
    const window = this.windowOf(tokenId, windowStart);
    window.requests = Math.floor(counts.requests * share);
    window.tokens = Math.floor(counts.tokens * share);
  }

  private countLocally(tokenId: string, windowStart: number, requests: number, tokens: number): Counts {
    const window = this.windowOf(tokenId, windowStart);
    window.requests += requests;
    window.tokens += Math.ceil(tokens);
    if (this.redis.enabled) {
      window.unsharedRequests += requests;
      window.unsharedTokens += Math.ceil(tokens);
    }
    return window;
  }

  private windowOf(tokenId: string, windowStart: number): Window {
    let window = this.windows.get(tokenId);
    if (!window || window.startedAt !== windowStart) {
      window = { startedAt: windowStart, requests: 0, tokens: 0, unsharedRequests: 0, unsharedTokens: 0 };
      this.windows.set(tokenId, window);
      if (this.windows.size > 100_000) this.evictOld(windowStart);
    }
    return window;
  }

  /** Adds what this replica counted alone in the current window to the shared counts. */
  private async shareUnsharedCounts(now = Date.now()): Promise<void> {
    const client = this.redis.client;
    if (!client) return;
    const windowStart = windowStartOf(now);
    const batch = client.multi();
    let pending = 0;
    for (const [tokenId, window] of this.windows) {
      if (window.startedAt !== windowStart || (window.unsharedRequests === 0 && window.unsharedTokens === 0))
        continue;
      const key = `switchyard:ratelimit:${tokenId}:${windowStart}`;
      batch
        .hincrby(key, 'r', window.unsharedRequests)
        .hincrby(key, 't', window.unsharedTokens)
        .pexpire(key, WINDOW_MS * 2);
      window.unsharedRequests = 0;
      window.unsharedTokens = 0;
      pending += 1;
    }
    if (pending === 0) return;
    try {
      await batch.exec();
    } catch (error) {
      // The counts of one window are lost at worst: the next minute starts from zero anyway.
      this.redis.reportFailure(error);
    }
  }

  private evictOld(current: number): void {
    for (const [tokenId, window] of this.windows)
      if (window.startedAt < current) this.windows.delete(tokenId);
  }
}

/** The `x-ratelimit-*` headers of an answer to a token with limits: what its current window allows and has left. */
export function rateLimitHeaders(count: RateWindowCount | null): Record<string, string> {
  if (!count) return {};
  const headers: Record<string, string> = {};
  if (count.rpm !== null) {
    headers['x-ratelimit-limit-requests'] = String(count.rpm);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, count.rpm - count.requests));
  }
  if (count.tpm !== null) {
    headers['x-ratelimit-limit-tokens'] = String(count.tpm);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, count.tpm - count.tokens));
  }
  return headers;
}
