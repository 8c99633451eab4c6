import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { RequestBodiesRepository } from './request-bodies.repository.js';

const DAY_MS = 86_400_000;
const RUN_EVERY_MS = 3_600_000;
/** Rows per DELETE: small enough that each statement is short, whatever has piled up. */
export const RETENTION_BATCH_SIZE = 1000;

/**
 * Deletes logged bodies older than SWITCHYARD_BODY_LOG_RETENTION_DAYS, at start and then hourly, one bounded batch
 * at a time. Every replica runs it; a batch another replica already deleted simply finds nothing.
 */
@Injectable()
export class BodyLogRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly bodies: RequestBodiesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), RUN_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is past retention; answers how many bodies, and never throws. */
  run(now = new Date(), batchSize = RETENTION_BATCH_SIZE): Promise<number> {
    this.running ??= this.deleteExpired(now, batchSize).finally(() => (this.running = undefined));
    return this.running;
  }

  private async deleteExpired(now: Date, batchSize: number): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.bodyLogRetentionDays * DAY_MS);
    let deleted = 0;
    try {
      for (;;) {
        const batch = await this.bodies.deleteBatchOlderThan(cutoff, batchSize);
        deleted += batch;
        if (batch < batchSize || this.stopped) break;
      }
    } catch (error) {
      this.logger.error({ err: error, deleted }, 'deleting expired request bodies failed; retried next hour');
      return deleted;
    }
    if (deleted > 0)
      this.logger.info({ deleted, cutoff: cutoff.toISOString() }, 'expired request bodies deleted');
    return deleted;
  }
}
