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

/**
 * Per-token rpm and tpm over fixed one-minute windows. Tokens without limits cost nothing. With Redis the
 * counts are shared by every replica (one pipelined round trip for a limited token); otherwise per replica.
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
   * `admit` when memory decides: true once the request is counted, false (nothing counted) when the counts live in
   * Redis. Throws the same refusal as `admit`.
   */
  tryAdmit(principal: ProxyTokenPrincipal, estimatedTokens: number, now = Date.now()): boolean {
    if (principal.rpm === null && principal.tpm === null) return true;
    if (this.redis.available) return false;
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    this.refuseOverLimit(
      principal,
      this.countLocally(principal.tokenId, windowStart, 1, estimatedTokens),
      this.localShare(),
      now,
    );
    return true;
  }

  /** Counts the request and its estimated prompt; refuses with 429 + Retry-After when a limit is reached. */
  async admit(principal: ProxyTokenPrincipal, estimatedTokens: number, now = Date.now()): Promise<void> {
    if (principal.rpm === null && principal.tpm === null) return;
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const shared = await this.countShared(principal.tokenId, windowStart, 1, estimatedTokens);
    if (shared) this.refuseOverLimit(principal, shared, 1, now);
    else
      this.refuseOverLimit(
        principal,
        this.countLocally(principal.tokenId, windowStart, 1, estimatedTokens),
        this.localShare(),
        now,
      );
  }

  /** Adds the tokens a finished request used beyond its estimate. */
  record(principal: ProxyTokenPrincipal, extraTokens: number, now = Date.now()): void {
    if (principal.tpm === null || extraTokens <= 0) return;
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    void this.countShared(principal.tokenId, windowStart, 0, extraTokens).then((shared) => {
      if (!shared) this.countLocally(principal.tokenId, windowStart, 0, extraTokens);
    });
  }

  /** The fraction of each limit this replica may use on its own: all of it without Redis. */
  private localShare(): number {
    return this.redis.enabled ? 1 / this.redis.replicaCount : 1;
  }

  private refuseOverLimit(
    principal: ProxyTokenPrincipal,
    { requests, tokens }: Counts,
    share: number,
    now: number,
  ) {
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    const rpm = principal.rpm === null ? null : Math.max(1, Math.floor(principal.rpm * share));
    const tpm = principal.tpm === null ? null : Math.max(1, Math.floor(principal.tpm * share));
    if (rpm !== null && requests > rpm) {
      throw new ProxyException(
        ProxyErrorCode.RateLimited,
        `This token is limited to ${principal.rpm} requests per minute`,
        null,
        retryAfter,
      );
    }
    if (tpm !== null && tokens > tpm) {
      throw new ProxyException(
        ProxyErrorCode.RateLimited,
        `This token is limited to ${principal.tpm} tokens per minute`,
        null,
        retryAfter,
      );
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
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
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
