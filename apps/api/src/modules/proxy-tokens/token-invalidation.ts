import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { z } from 'zod';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { RedisService } from '../../redis/redis.service.js';
import { TokenCache } from './token-cache.js';

export const INVALIDATION_CHANNEL = 'switchyard:proxy-tokens:invalidate';
const SUBSCRIBE_RETRY_MS = 1_000;

const messageSchema = z.union([
  z.object({ hashes: z.array(z.string().max(128)).max(10_000) }),
  z.object({ teamId: z.string().max(64) }),
]);

type InvalidationMessage = z.infer<typeof messageSchema>;

/**
 * Makes revocations take effect at once: on this replica directly, and on every other replica through Redis
 * pub/sub when REDIS_URL is set. Whatever changes a token's or a team's liveness outside this module must
 * call it after the database change is committed.
 */
@Injectable()
export class ProxyTokenInvalidation implements OnModuleInit, OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly redis: RedisService,
    private readonly cache: TokenCache,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.redis.client) return;
    const subscriber = this.redis.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.apply(message));
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'proxy-token invalidation subscriber error'),
    );
    // Messages published while the connection was down are lost; what the cache holds may be stale.
    subscriber.on('ready', () => this.cache.clear());
    await this.subscribe(subscriber);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
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
    } catch (error) {
      if (this.closed) return;
      this.logger.error({ err: error }, 'could not subscribe to proxy-token revocations; retrying');
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
    this.cache.invalidateTeam(teamId);
    await this.broadcast({ teamId });
  }

  private async broadcast(message: InvalidationMessage): Promise<void> {
    if (!this.redis.client) return;
    try {
      await this.redis.client.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
    } catch (error) {
      // The database change stands; other replicas catch up when their cached entries are next refreshed.
      this.logger.error({ err: error }, 'could not broadcast a proxy-token revocation to other replicas');
    }
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
