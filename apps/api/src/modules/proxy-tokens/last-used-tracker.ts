import { type BeforeApplicationShutdown, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { ProxyTokensRepository } from './proxy-tokens.repository.js';

export const LAST_USED_FLUSH_MS = 60_000;

/**
 * Remembers when each token was last used and writes the times in one batch a minute, so the request path
 * never writes to the database. `lastUsedAt` therefore lags by up to a minute; a crash loses that minute.
 */
@Injectable()
export class LastUsedTracker implements OnModuleInit, BeforeApplicationShutdown {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tokens: ProxyTokensRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), LAST_USED_FLUSH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(tokenId: string, at: number): void {
    const previous = this.pending.get(tokenId);
    if (previous === undefined || previous < at) this.pending.set(tokenId, at);
  }

  /** Writes what has gathered since the last flush; returns how many tokens it touched. */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.tokens.touchLastUsed(
        [...batch.keys()],
        [...batch.values()].map((at) => new Date(at)),
      );
      return batch.size;
    } catch (error) {
      // Advisory data: keep the times for the next attempt rather than fail anything.
      for (const [tokenId, at] of batch) this.record(tokenId, at);
      this.logger.warn({ err: error }, 'could not write proxy-token last-used times');
      return 0;
    }
  }
}
