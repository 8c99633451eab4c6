import { randomUUID } from 'node:crypto';
import { type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { type Logger } from '../common/logging/logger.js';
import { type RedisService } from './redis.service.js';

export type ChangeListener<T> = (change: T) => void | Promise<void>;

interface WireMessage<T> {
  origin: string;
  change: T;
}

/**
 * Announces a change in this process at once and, with REDIS_URL set, on every other replica through pub/sub.
 * A replica ignores its own messages (it already told its listeners). A Redis that is down never stops the
 * API from starting or fails the request that made the change: the subscription is retried on every
 * reconnection, and listeners that keep caches also refresh on their own schedule.
 */
export abstract class ChangeFeed<T> implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<ChangeListener<T>>();
  private readonly origin = randomUUID();
  private subscriber: Redis | undefined;

  protected constructor(
    private readonly redis: RedisService,
    protected readonly logger: Logger,
    private readonly channel: string,
    /** Names the feed in log lines. */
    private readonly subject: string,
  ) {}

  /** Whether a message from another replica carries a change this version understands. */
  protected abstract isChange(value: unknown): value is T;

  /** What a log line about one change should say about it. */
  protected abstract describe(change: T): Record<string, unknown>;

  async onModuleInit(): Promise<void> {
    if (!this.redis.client) return;
    const subscriber = this.redis.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, `${this.subject} subscription error`),
    );
    const subscribe = () =>
      subscriber.subscribe(this.channel).then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, `could not subscribe to ${this.subject} yet`),
      );
    // A repeated SUBSCRIBE is harmless, so every (re)connection subscribes again.
    subscriber.on('ready', () => void subscribe());
    await subscribe();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** Registers a listener; the returned function removes it. */
  subscribe(listener: ChangeListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(change: T): Promise<void> {
    this.deliver(change);
    if (!this.redis.client) return;
    const message: WireMessage<T> = { origin: this.origin, change };
    try {
      await this.redis.client.publish(this.channel, JSON.stringify(message));
    } catch (error) {
      // The change is saved either way; failing the admin's request over a lost notification would be worse.
      this.logger.warn({ err: error, ...this.describe(change) }, `could not announce a ${this.subject}`);
    }
  }

  private receive(raw: string): void {
    let message: Partial<WireMessage<unknown>>;
    try {
      message = JSON.parse(raw) as Partial<WireMessage<unknown>>;
    } catch {
      return;
    }
    if (message.origin === this.origin || !this.isChange(message.change)) return;
    this.deliver(message.change);
  }

  private deliver(change: T): void {
    const failed = (error: unknown) =>
      this.logger.error({ err: error, ...this.describe(change) }, `${this.subject} listener failed`);
    // Synchronous listeners (cache invalidation) have run by the time publish returns.
    for (const listener of this.listeners) {
      try {
        void Promise.resolve(listener(change)).catch(failed);
      } catch (error) {
        failed(error);
      }
    }
  }
}
