import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { ChangeFeed, type ChangeListener } from '../../redis/change-feed.js';
import { RedisService } from '../../redis/redis.service.js';

/** What changed: a catalog reloads as a whole; a budget change names its team. */
export type ConfigChange =
  { topic: 'pricing' } | { topic: 'routes' } | { topic: 'settings' } | { topic: 'budget'; teamId: string };

export type ConfigChangeListener = ChangeListener<ConfigChange>;

/**
 * Tells the in-memory catalogs (prices, routes, settings, team budgets) on every replica that the database
 * changed. Listeners reload, so a duplicate message costs a reload; a lost one is covered by each catalog's
 * periodic refresh.
 */
@Injectable()
export class ConfigChangeFeed extends ChangeFeed<ConfigChange> {
  constructor(redis: RedisService, @Inject(LOGGER) logger: Logger) {
    super(redis, logger, 'switchyard:config:changed', 'configuration change');
  }

  protected isChange(value: unknown): value is ConfigChange {
    return typeof value === 'object' && value !== null && typeof (value as ConfigChange).topic === 'string';
  }

  protected describe(change: ConfigChange): Record<string, unknown> {
    return { topic: change.topic };
  }
}
