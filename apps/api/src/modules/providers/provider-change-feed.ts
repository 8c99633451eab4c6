import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { ChangeFeed, type ChangeListener } from '../../redis/change-feed.js';
import { RedisService } from '../../redis/redis.service.js';

export type ProviderKeysChangeReason =
  | 'key_created'
  | 'key_updated'
  | 'key_deleted'
  | 'key_status'
  | 'keys_imported'
  | 'keys_reencrypted'
  | 'provider_created'
  | 'provider_updated'
  | 'provider_deleted';

/** What changed; a listener may resync only these keys, or everything. */
export interface ProviderKeysChange {
  reason: ProviderKeysChangeReason;
  keyIds: string[];
  provider: string | null;
}

export type ProviderKeysListener = ChangeListener<ProviderKeysChange>;

/** Tells the gateway's key pool, on every replica, that keys or providers changed. */
@Injectable()
export class ProviderChangeFeed extends ChangeFeed<ProviderKeysChange> {
  constructor(redis: RedisService, @Inject(LOGGER) logger: Logger) {
    super(redis, logger, 'switchyard:provider-keys:changed', 'provider key change');
  }

  protected isChange(value: unknown): value is ProviderKeysChange {
    return (
      typeof value === 'object' && value !== null && typeof (value as ProviderKeysChange).reason === 'string'
    );
  }

  protected describe(change: ProviderKeysChange): Record<string, unknown> {
    return { reason: change.reason };
  }
}
