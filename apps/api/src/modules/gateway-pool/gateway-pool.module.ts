import { Module } from '@nestjs/common';
import { MemoryStateStore, RedisStateStore } from '@switchyard/key-pool';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../redis/redis.service.js';
import { PriceTable } from '../pricing/price-table.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module.js';
import { GatewayKeyPool } from './gateway-key-pool.js';
import { KeyPoolSync } from './key-pool-sync.js';
import { PoolSnapshotRepository } from './pool-snapshot.repository.js';

/** The data plane's live key pool, one per process, shared with other replicas through Redis when configured. */
@Module({
  imports: [PricingModule, ProviderKeysModule, NotificationsModule],
  providers: [
    {
      provide: GatewayKeyPool,
      inject: [RedisService, PriceTable, APP_CONFIG],
      useFactory: (redis: RedisService, pricing: PriceTable, config: AppConfig) =>
        new GatewayKeyPool({
          maxQueueWaitMs: config.maxQueueWaitMs,
          store: redis.client ? new RedisStateStore({ redis: redis.client }) : new MemoryStateStore(),
          isKnownModel: (provider, model) => pricing.priceOf(provider, model) !== null,
        }),
    },
    KeyPoolSync,
    PoolSnapshotRepository,
  ],
  exports: [GatewayKeyPool, KeyPoolSync],
})
export class GatewayPoolModule {}
