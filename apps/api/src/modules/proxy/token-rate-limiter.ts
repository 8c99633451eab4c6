import { Injectable } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

const WINDOW_MS = 60_000;

/** A token's one-minute window once a request was counted in it. */
export interface RateWindowCount {
  windowStart: number;
  requests: number;
  tokens: number;
  rpm: number | null;
  tpm: number | null;
}

interface Window {
  startedAt: number;
  requests: number;
  tokens: number;
}

const windowOf = (now: number) => Math.floor(now / WINDOW_MS) * WINDOW_MS;

/**
 * Per-token rpm and tpm over fixed one-minute windows. A request counts its estimated prompt at admission, and the
 * difference to the tokens the upstream reported at settlement, so tpm counts reported tokens. Tokens without
 * limits cost nothing. With Redis the counts are shared by every replica (one pipelined round trip for a limited
 * token); otherwise per replica.
 */
@Injectable()
export class TokenRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly redis: RedisService) {}

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
    if (this.redis.client) return undefined;
    const windowStart = windowOf(now);
    const counted = this.countLocally(principal.tokenId, windowStart, 1, estimatedTokens);
    return this.refuseOverLimit(principal, windowStart, counted, now);
  }

  /** Counts the request and its estimated prompt; refuses with 429 + Retry-After when a limit is passed. */
  async admit(
    principal: ProxyTokenPrincipal,
    estimatedTokens: number,
    now = Date.now(),
  ): Promise<RateWindowCount | null> {
    if (principal.rpm === null && principal.tpm === null) return null;
    const windowStart = windowOf(now);
    const counted = await this.count(principal.tokenId, windowStart, 1, estimatedTokens);
    return this.refuseOverLimit(principal, windowStart, counted, now);
  }

  private refuseOverLimit(
    principal: ProxyTokenPrincipal,
    windowStart: number,
    { requests, tokens }: { requests: number; tokens: number },
    now: number,
  ): RateWindowCount {
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    const counted = { windowStart, requests, tokens, rpm: principal.rpm, tpm: principal.tpm };
    const refuse = (limit: number, unit: string) =>
      new ProxyException(
        ProxyErrorCode.RateLimited,
        `This token is limited to ${limit} ${unit} per minute`,
        null,
        retryAfter,
        { scope: 'token', limit, window: 'minute' },
        rateLimitHeaders(counted),
      );
    if (principal.rpm !== null && requests > principal.rpm) throw refuse(principal.rpm, 'requests');
    if (principal.tpm !== null && tokens > principal.tpm) throw refuse(principal.tpm, 'tokens');
    return counted;
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
    const current = windowOf(now);
    if (current !== admitted.windowStart && correction < 0) return;
    void this.count(principal.tokenId, current, 0, correction).catch(() => undefined);
  }

  /** The token's current window without counting anything, for the headers of an answer that was not counted. */
  async peek(principal: ProxyTokenPrincipal, now = Date.now()): Promise<RateWindowCount | null> {
    if (principal.rpm === null && principal.tpm === null) return null;
    const windowStart = windowOf(now);
    const client = this.redis.client;
    let counts = { requests: 0, tokens: 0 };
    if (client) {
      const [requests, tokens] = await client.hmget(
        `switchyard:ratelimit:${principal.tokenId}:${windowStart}`,
        'r',
        't',
      );
      counts = { requests: Number(requests ?? 0), tokens: Number(tokens ?? 0) };
    } else {
      const window = this.windows.get(principal.tokenId);
      if (window?.startedAt === windowStart) counts = { requests: window.requests, tokens: window.tokens };
    }
    return { windowStart, ...counts, rpm: principal.rpm, tpm: principal.tpm };
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
    return { requests: window.requests, tokens: window.tokens };
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
