import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Redis, type RedisOptions } from 'ioredis';
import { type Logger } from '../common/logging/logger.js';

/** How often a replica announces itself and checks that Redis answers. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
/** A replica that has not announced itself for this long no longer counts. */
export const REPLICA_TTL_MS = 10_000;
const REPLICAS_KEY = 'switchyard:replicas';

/**
 * Every Redis call fails within about a second instead of waiting for a reconnection: commands time out, queued
 * commands are dropped at each failed reconnection, and reconnections are retried at most once a second.
 */
export const REDIS_OPTIONS: RedisOptions = {
  lazyConnect: false,
  connectTimeout: 1_000,
  commandTimeout: 1_000,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: true,
  retryStrategy: (attempt: number) => Math.min(100 * attempt, 1_000),
};

export type RedisState = 'connecting' | 'up' | 'down';

/**
 * The shared-state connection, present only in multi-replica mode (REDIS_URL set), and what this replica knows
 * of Redis's health. Callers ask `available` before using Redis on a request path and fall back to per-replica
 * state when it is false; a call that fails anyway is reported with `reportFailure`. The loss and the return of
 * Redis are logged once each, whatever the number of failed calls in between.
 *
 * Each replica announces itself in a sorted set with a heartbeat, so every replica knows how many share the
 * limits it must split while Redis is down (`replicaCount`, the last count Redis gave).
 */
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis | undefined;
  readonly replicaId = randomUUID();
  private currentState: RedisState = 'connecting';
  private lastReplicaCount = 1;
  private downSince: number | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatRunning = false;
  private closed = false;
  private readonly restoredListeners = new Set<() => void>();

  constructor(
    url: string | undefined,
    private readonly logger: Logger,
  ) {
    if (!url) return;
    // Required here rather than imported: a single replica never loads the client (about 1 MB of heap).
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    const client = new RedisClient(url, REDIS_OPTIONS);
    this.client = client;
    // Without an 'error' listener ioredis prints every failed reconnection to stderr as text.
    client.on('error', (error: Error) => this.reportFailure(error));
    client.on('close', () => this.reportFailure(new Error('connection closed')));
    client.on('ready', () => void this.heartbeat());
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** Whether Redis answered last time: false while it is down or not yet reached. */
  get available(): boolean {
    return this.client !== undefined && this.currentState === 'up';
  }

  get state(): RedisState | 'not_configured' {
    return this.client ? this.currentState : 'not_configured';
  }

  /** Replicas that announced themselves within REPLICA_TTL_MS at the last heartbeat that reached Redis, at least 1. */
  get replicaCount(): number {
    return this.lastReplicaCount;
  }

  /** Since when Redis has been down (epoch ms), or undefined while it is up. */
  get unavailableSince(): number | undefined {
    return this.currentState === 'down' ? this.downSince : undefined;
  }

  /**
   * A duplicate connection (for subscriptions) with the same options. Its errors are not reported: the main
   * connection and its heartbeat decide whether Redis is up, so a subscriber still reconnecting cannot report
   * an outage that is over.
   */
  duplicate(): Redis {
    if (!this.client) throw new Error('Redis is not configured');
    const connection = this.client.duplicate();
    // Without an 'error' listener ioredis prints every failed reconnection to stderr as text.
    connection.on('error', () => undefined);
    return connection;
  }

  /** Runs `listener` every time Redis answers again after being down. Returns what removes it. */
  onRestored(listener: () => void): () => void {
    this.restoredListeners.add(listener);
    return () => this.restoredListeners.delete(listener);
  }

  /** A call failed: Redis counts as down until a heartbeat answers. Logs only the transition. */
  reportFailure(error: unknown): void {
    if (this.closed || !this.client || this.currentState === 'down') return;
    this.currentState = 'down';
    this.downSince = Date.now();
    this.logger.warn(
      {
        event: 'redis_unavailable',
        err: error,
        replicas: this.lastReplicaCount,
      },
      'Redis is unavailable: rate limits are kept per replica (each limit divided by the replica count), ' +
        'revocations are re-read from PostgreSQL every 4 s',
    );
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_INTERVAL_MS);
    this.heartbeatTimer.unref();
    await this.heartbeat();
  }

  /** Answers whether Redis responds now, within the command timeout. */
  async ping(): Promise<boolean> {
    if (!this.client) return true;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch (error) {
      this.reportFailure(error);
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    const client = this.client;
    if (!client) return;
    if (client.status === 'ready') {
      await client.zrem(REPLICAS_KEY, this.replicaId).catch(() => undefined);
      await client.quit().catch(() => client.disconnect());
    } else {
      client.disconnect();
    }
  }

  /** Announces this replica, counts the live ones, and is how a down Redis is noticed to be back. */
  private async heartbeat(): Promise<void> {
    const client = this.client;
    if (!client || this.closed || this.heartbeatRunning) return;
    this.heartbeatRunning = true;
    try {
      const now = Date.now();
      const replies = await client
        .multi()
        .zadd(REPLICAS_KEY, now, this.replicaId)
        .zremrangebyscore(REPLICAS_KEY, '-inf', `(${now - REPLICA_TTL_MS}`)
        .zcard(REPLICAS_KEY)
        .pexpire(REPLICAS_KEY, REPLICA_TTL_MS * 6)
        .exec();
      const count = Number(replies?.[2]?.[1] ?? 1);
      this.lastReplicaCount = Math.max(1, count);
      this.markUp();
    } catch (error) {
      this.reportFailure(error);
    } finally {
      this.heartbeatRunning = false;
    }
  }

  private markUp(): void {
    if (this.closed || this.currentState === 'up') return;
    const wasDown = this.currentState === 'down';
    const downForMs = this.downSince === undefined ? 0 : Date.now() - this.downSince;
    this.currentState = 'up';
    this.downSince = undefined;
    if (!wasDown) return;
    this.logger.warn(
      { event: 'redis_restored', downForMs, replicas: this.lastReplicaCount },
      'Redis is available again: limits and revocations are shared across replicas',
    );
    for (const listener of this.restoredListeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error({ err: error }, 'a Redis restore listener failed');
      }
    }
  }
}
