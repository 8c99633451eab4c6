import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { ChangeFeed, type ChangeListener } from '../../redis/change-feed.js';
import { RedisService } from '../../redis/redis.service.js';

/** What changed: a table reloads as a whole; a budget change names its team. */
export type ConfigChange =
  { topic: 'pricing' } | { topic: 'routes' } | { topic: 'settings' } | { topic: 'budget'; teamId: string };

export type ConfigChangeListener = ChangeListener<ConfigChange>;

/** Safety net for a missed change notification; an edit on this replica applies at once. */
const REFRESH_INTERVAL_MS = 30_000;

/**
 * Tells the in-memory tables (prices, routes, settings, team budgets) on every replica that the database
 * changed. Listeners reload, so a duplicate message costs a reload; a lost one is covered by each table's
 * periodic refresh.
 */
@Injectable()
export class ConfigChangeFeed extends ChangeFeed<ConfigChange> {
  constructor(redis: RedisService, @Inject(LOGGER) logger: Logger) {
    super(redis, logger, 'switchyard:config:changed', 'configuration change');
  }

  /**
   * Keeps an in-memory table in step with the database: `refresh` runs on every change of its topic, here or on
   * another replica, and every 30 s in case a message was lost. Returns what stops it.
   */
  keepFresh(
    topic: 'pricing' | 'routes' | 'settings',
    refresh: () => Promise<void>,
    what: string,
  ): () => void {
    const unsubscribe = this.subscribe((change) => (change.topic === topic ? refresh() : undefined));
    const timer = setInterval(() => {
      refresh().catch((error: unknown) => this.logger.warn({ err: error }, `could not refresh ${what}`));
    }, REFRESH_INTERVAL_MS);
    timer.unref();
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }

  protected isChange(value: unknown): value is ConfigChange {
    return typeof value === 'object' && value !== null && typeof (value as ConfigChange).topic === 'string';
  }

  protected describe(change: ConfigChange): Record<string, unknown> {
    return { topic: change.topic };
  }
}
