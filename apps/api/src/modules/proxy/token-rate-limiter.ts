import { Injectable } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  requests: number;
  tokens: number;
}

/**
 * Per-token rpm and tpm over fixed one-minute windows. Tokens without limits cost nothing. With Redis the
 * counts are shared by every replica (one pipelined round trip for a limited token); otherwise per replica.
 */
@Injectable()
export class TokenRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly redis: RedisService) {}

  /**
   * `admit` when memory decides: true once the request is counted, false (nothing counted) when the counts live in
   * Redis. Throws the same refusal as `admit`.
   */
  tryAdmit(principal: ProxyTokenPrincipal, estimatedTokens: number, now = Date.now()): boolean {
    if (principal.rpm === null && principal.tpm === null) return true;
    if (this.redis.client) return false;
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    this.refuseOverLimit(
      principal,
      this.countLocally(principal.tokenId, windowStart, 1, estimatedTokens),
      now,
    );
    return true;
  }

  /** Counts the request and its estimated prompt; refuses with 429 + Retry-After when a limit is reached. */
  async admit(principal: ProxyTokenPrincipal, estimatedTokens: number, now = Date.now()): Promise<void> {
    if (principal.rpm === null && principal.tpm === null) return;
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    this.refuseOverLimit(
      principal,
      await this.count(principal.tokenId, windowStart, 1, estimatedTokens),
      now,
    );
  }

  private refuseOverLimit(
    principal: ProxyTokenPrincipal,
    { requests, tokens }: { requests: number; tokens: number },
    now: number,
  ): void {
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    if (principal.rpm !== null && requests > principal.rpm) {
      throw new ProxyException(
        ProxyErrorCode.RateLimited,
        `This token is limited to ${principal.rpm} requests per minute`,
        null,
        retryAfter,
      );
    }
    if (principal.tpm !== null && tokens > principal.tpm) {
      throw new ProxyException(
        ProxyErrorCode.RateLimited,
        `This token is limited to ${principal.tpm} tokens per minute`,
        null,
        retryAfter,
      );
    }
  }

  /** Adds the tokens a finished request used beyond its estimate. */
  record(principal: ProxyTokenPrincipal, extraTokens: number, now = Date.now()): void {
    if (principal.tpm === null || extraTokens <= 0) return;
    void this.count(principal.tokenId, Math.floor(now / WINDOW_MS) * WINDOW_MS, 0, extraTokens).catch(
      () => undefined,
    );
  }

  private async count(
    tokenId: string,
    windowStart: number,
    requests: number,
    tokens: number,
  ): Promise<{ requests: number; tokens: number }> {
    const client = this.redis.client;
    if (client) {
      const key = `switchyard:ratelimit:${tokenId}:${windowStart}`;
      const result = (await client
        .multi()
        .hincrby(key, 'r', requests)
        .hincrby(key, 't', Math.ceil(tokens))
        .pexpire(key, WINDOW_MS * 2)
        .exec()) as [[unknown, number], [unknown, number]];
      return { requests: result[0][1], tokens: result[1][1] };
    }
    return this.countLocally(tokenId, windowStart, requests, tokens);
  }

  private countLocally(
    tokenId: string,
    windowStart: number,
    requests: number,
    tokens: number,
  ): { requests: number; tokens: number } {
    let window = this.windows.get(tokenId);
    if (!window || window.startedAt !== windowStart) {
      window = { startedAt: windowStart, requests: 0, tokens: 0 };
      this.windows.set(tokenId, window);
      if (this.windows.size > 100_000) this.evictOld(windowStart);
    }
    window.requests += requests;
    window.tokens += Math.ceil(tokens);
    return window;
  }

  private evictOld(current: number): void {
    for (const [tokenId, window] of this.windows)
      if (window.startedAt < current) this.windows.delete(tokenId);
  }
}
