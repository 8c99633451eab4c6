import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { z } from 'zod';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { RedisService } from '../../redis/redis.service.js';
import { ProxyTokensRepository } from './proxy-tokens.repository.js';
import { TokenCache } from './token-cache.js';

export const INVALIDATION_CHANNEL = 'switchyard:proxy-tokens:invalidate';
const SUBSCRIBE_RETRY_MS = 1_000;
/** While Redis is down, how often revocations are read from PostgreSQL instead: a revocation holds everywhere within 5 s. */
export const REVOCATION_POLL_MS = 4_000;
/** How far before the outage was noticed the first read looks, for messages lost before it was noticed. */
const POLL_LOOKBACK_MS = 60_000;
const MAX_POLLED_HASHES = 10_000;
/** Messages kept for re-publishing while Redis is down; a replica that reconnects also drops its whole cache. */
const MAX_UNSENT = 1_000;

const messageSchema = z.union([
  z.object({ hashes: z.array(z.string().max(128)).max(10_000) }),
  z.object({ teamId: z.string().max(64) }),
]);

type InvalidationMessage = z.infer<typeof messageSchema>;

/**
 * Makes revocations take effect at once: on this replica directly, and on every other replica through Redis
 * pub/sub when REDIS_URL is set. Whatever changes a token's or a team's liveness outside this module must
 * call it after the database change is committed.
 *
 * While Redis is down each replica reads the tokens revoked since shortly before the outage from PostgreSQL
 * every 4 s and drops them from its cache, and the messages it could not send are sent when Redis answers again.
 */
@Injectable()
export class ProxyTokenInvalidation implements OnModuleInit, OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private retry: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private polledUntil: number | undefined;
  private polling = false;
  private readonly unsent: InvalidationMessage[] = [];
  private stopRepublishing: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly redis: RedisService,
    private readonly cache: TokenCache,
    private readonly repository: ProxyTokensRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.redis.client) return;
    // The duplicate's errors feed the shared Redis health state, which logs an outage once.
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.apply(message));
    // Messages published while the connection was down are lost; what the cache holds may be stale.
    subscriber.on('ready', () => this.cache.clear());
    this.stopRepublishing = this.redis.onRestored(() => void this.republish());
    this.poller = setInterval(() => void this.pollWhileRedisIsDown(), REVOCATION_POLL_MS);
    this.poller.unref();
    await this.subscribe(subscriber);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.poller);
    this.stopRepublishing?.();
    const subscriber = this.subscriber;
    if (!subscriber) return;
    // QUIT waits for a connection that may never come back; a subscriber has nothing left to flush.
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }

  /** A Redis that is down at start must not stop the API; the subscription is retried until it holds. */
  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(INVALIDATION_CHANNEL);
    } catch {
      // Whether Redis is down is RedisService's to say, from its own connection.
      if (this.closed) return;
      this.retry = setTimeout(() => void this.subscribe(subscriber), SUBSCRIBE_RETRY_MS);
      this.retry.unref();
    }
  }

  /** Drops these tokens from every replica's cache, so their next use reads the row: revoked, or its settings changed. */
  async tokensChanged(hashes: string[]): Promise<void> {
    if (hashes.length === 0) return;
    this.cache.invalidateHashes(hashes);
    await this.broadcast({ hashes });
  }

  async teamDeleted(teamId: string): Promise<void> {
    await this.teamChanged(teamId);
  }

  /** Every replica reads the team's tokens again at their next use. */
  async teamChanged(teamId: string): Promise<void> {
    this.cache.invalidateTeam(teamId);
    await this.broadcast({ teamId });
  }

  /**
   * Drops from the cache the tokens revoked since shortly before Redis went down: what other replicas revoked
   * reaches this one within REVOCATION_POLL_MS although their messages do not.
   */
  async pollWhileRedisIsDown(now = Date.now()): Promise<void> {
    const downSince = this.redis.unavailableSince;
    if (downSince === undefined) {
      this.polledUntil = undefined;
      return;
    }
    if (this.polling || this.closed) return;
    this.polling = true;
    // Revocation times come from the revoking replica's clock: each read overlaps the previous one.
    const since = Math.min(this.polledUntil ?? downSince - POLL_LOOKBACK_MS, now) - REVOCATION_POLL_MS;
    try {
      const hashes = await this.repository.hashesRevokedSince(new Date(since), MAX_POLLED_HASHES);
      if (hashes.length === MAX_POLLED_HASHES) this.cache.clear();
      else if (hashes.length > 0) this.cache.invalidateHashes(hashes);
      this.polledUntil = now;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read revoked proxy tokens while Redis is down');
    } finally {
      this.polling = false;
    }
  }

  private async broadcast(message: InvalidationMessage): Promise<void> {
    if (!this.redis.client) return;
    // The database change stands; the message goes out when Redis answers again.
    if (!this.redis.available || !(await this.send(message))) {
      this.unsent.push(message);
      if (this.unsent.length > MAX_UNSENT) this.unsent.shift();
    }
  }

  private async send(message: InvalidationMessage): Promise<boolean> {
    try {
      await this.redis.client?.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
      return true;
    } catch (error) {
      this.redis.reportFailure(error);
      return false;
    }
  }

  private async republish(): Promise<void> {
    const pending = this.unsent.splice(0);
    for (const [index, message] of pending.entries()) {
      if (!(await this.send(message))) {
        this.unsent.unshift(...pending.slice(index));
        return;
      }
    }
    if (pending.length > 0)
      this.logger.info(
        { count: pending.length },
        're-published proxy-token revocations made while Redis was down',
      );
  }

  private apply(raw: string): void {
    const parsed = messageSchema.safeParse(jsonOrUndefined(raw));
    if (!parsed.success) {
      this.logger.warn('ignored a malformed proxy-token invalidation message');
      return;
    }
    if ('hashes' in parsed.data) this.cache.invalidateHashes(parsed.data.hashes);
    else this.cache.invalidateTeam(parsed.data.teamId);
  }
}

function jsonOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
