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

/** Changes kept for re-publishing while Redis is down; past this the oldest go (each table also refreshes itself). */
const MAX_UNSENT = 1_000;

/**
 * Announces a change in this process at once and, with REDIS_URL set, on every other replica through pub/sub.
 * A replica ignores its own messages (it already told its listeners). A Redis that is down never stops the
 * API from starting or fails the request that made the change: the subscription is retried on every
 * reconnection, changes that could not be announced are published again when Redis answers again, and
 * listeners that keep caches also refresh on their own schedule.
 */
export abstract class ChangeFeed<T> implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<ChangeListener<T>>();
  private readonly origin = randomUUID();
  private subscriber: Redis | undefined;
  private readonly unsent: T[] = [];
  private stopRepublishing: (() => void) | undefined;

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
    // The duplicate's errors feed the shared Redis health state, which logs an outage once.
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    // A failed SUBSCRIBE is retried at the next 'ready'; whether Redis is down is RedisService's to say.
    const subscribe = () =>
      subscriber.subscribe(this.channel).then(
        () => undefined,
        () => undefined,
      );
    this.stopRepublishing = this.redis.onRestored(() => void this.republish());
    // A repeated SUBSCRIBE is harmless, so every (re)connection subscribes again.
    subscriber.on('ready', () => void subscribe());
    await subscribe();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopRepublishing?.();
    const subscriber = this.subscriber;
    if (!subscriber) return;
    // QUIT waits for a connection that may never come back; a subscriber has nothing left to flush.
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }

  /** Registers a listener; the returned function removes it. */
  subscribe(listener: ChangeListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(change: T): Promise<void> {
    this.deliver(change);
    if (!this.redis.client) return;
    // The change is saved either way; failing the admin's request over a lost notification would be worse.
    if (!this.redis.available || !(await this.send(change))) this.keepUnsent(change);
  }

  /** Publishes what could not be announced while Redis was down, oldest first. */
  private async republish(): Promise<void> {
    const pending = this.unsent.splice(0);
    for (const [index, change] of pending.entries()) {
      if (!(await this.send(change))) {
        this.unsent.unshift(...pending.slice(index));
        return;
      }
    }
    if (pending.length > 0)
      this.logger.info({ count: pending.length }, `re-published ${this.subject}s made while Redis was down`);
  }

  private async send(change: T): Promise<boolean> {
    const message: WireMessage<T> = { origin: this.origin, change };
    try {
      await this.redis.client?.publish(this.channel, JSON.stringify(message));
      return true;
    } catch (error) {
      this.redis.reportFailure(error);
      return false;
    }
  }

  private keepUnsent(change: T): void {
    this.unsent.push(change);
    if (this.unsent.length > MAX_UNSENT) this.unsent.shift();
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
