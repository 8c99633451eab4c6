import { performance } from 'node:perf_hooks';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { channelRequest } from './channel-request.js';
import { ChannelSecrets } from './channel-secrets.js';
import { ChannelSender } from './channel-sender.js';
import {
  type AttemptRecord,
  type ClaimedDelivery,
  NotificationsRepository,
} from './notifications.repository.js';

const CLAIM_BATCH = 10;
const MAX_BACKOFF_MS = 60 * 60_000;
/** How long a claim keeps other replicas off a row beyond the attempt's own timeout. */
const CLAIM_MARGIN_MS = 30_000;

/**
 * Sends what the outbox holds. Every replica polls; rows are claimed with `FOR UPDATE SKIP LOCKED`, so each
 * attempt is made by one replica. A failed attempt is retried after a backoff that doubles each time, up to the
 * configured number of attempts. Nothing here runs on the request path: events are queued without waiting, and
 * sending happens on this timer.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private stopped = false;
  private readonly attempts = new Set<Promise<void>>();

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly sender: ChannelSender,
    private readonly secrets: ChannelSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.notifications.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Lets attempts under way finish (each is bounded by the channel timeout) and claims nothing more. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
    await Promise.all([...this.attempts]);
  }

  /** Looks for due deliveries now, instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'notification outbox poll failed'))
      .finally(() => {
        this.draining = null;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.wake();
        }
      });
  }

  /** Makes the first attempt of a delivery its caller queued already claimed (see `claimHoldMs`). */
  attemptClaimed(delivery: ClaimedDelivery): Promise<void> {
    return this.track(this.attempt(delivery));
  }

  /** How long a claim keeps other replicas off a row: longer than any attempt takes. */
  claimHoldMs(): number {
    return this.config.notifications.timeoutMs + CLAIM_MARGIN_MS;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const batch = await this.repository.claimDue(CLAIM_BATCH, this.claimHoldMs());
      if (batch.length === 0) return;
      await Promise.all(batch.map((delivery) => this.track(this.attempt(delivery))));
      if (batch.length < CLAIM_BATCH) return;
    }
  }

  private track(attempt: Promise<void>): Promise<void> {
    this.attempts.add(attempt);
    return attempt.finally(() => this.attempts.delete(attempt));
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const at = new Date();
    const started = performance.now();
    const secret = this.secrets.open(delivery.channel);
    const result =
      secret === undefined
        ? { statusCode: null, error: 'the channel secret cannot be read with the loaded master keys' }
        : await this.sender.send(
            delivery.channel.url,
            channelRequest(delivery.channel.kind, delivery.payload, secret, at),
          );
    const record: AttemptRecord = {
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      at,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: Math.round(performance.now() - started),
      outcome: this.outcomeOf(delivery.attempt, result.error === null),
    };
    try {
      await this.repository.recordAttempt(record);
    } catch (error) {
      this.logger.warn({ err: error, deliveryId: delivery.id }, 'could not record a notification attempt');
    }
    if (result.error !== null) {
      this.logger.warn(
        {
          deliveryId: delivery.id,
          channelId: delivery.channel.id,
          event: delivery.event,
          attempt: delivery.attempt,
        },
        `notification attempt failed: ${result.error}`,
      );
    }
  }

  private outcomeOf(attempt: number, delivered: boolean): AttemptRecord['outcome'] {
    if (delivered) return { status: 'delivered' };
    const { maxAttempts, retryBaseMs } = this.config.notifications;
    if (attempt >= maxAttempts) return { status: 'failed' };
    const backoff = Math.min(retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return { status: 'pending', nextAttemptAt: new Date(Date.now() + backoff) };
  }
}
