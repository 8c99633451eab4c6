import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  type KeyConfig,
  KeyPool,
  MemoryStateStore,
  type PoolEvent,
  RedisStateStore,
} from '@switchyard/key-pool';
import { type ProviderType } from '@switchyard/providers';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { RedisService } from '../../redis/redis.service.js';
import { type ProviderKeyWithSecret } from '../provider-keys/provider-key-with-secret.js';
import { ProviderKeysService } from '../provider-keys/provider-keys.service.js';
import { KeyStateRepository } from './key-state.repository.js';

const SNAPSHOT_INTERVAL_MS = 15_000;

export interface KeyEndpoint {
  providerType: ProviderType;
  baseUrl: string;
}

function keyConfigOf(key: ProviderKeyWithSecret): KeyConfig {
  return {
    id: key.id,
    provider: key.provider.name,
    label: key.label,
    secret: key.secret,
    tier: key.tier,
    weight: key.weight,
    maxConcurrency: key.maxConcurrency,
    models: key.models,
    dailyRequestQuota: key.dailyRequestQuota,
    dailyTokenQuota: key.dailyTokenQuota,
    quotaResetUtc: key.quotaResetUtc,
    status: key.status,
  };
}

/**
 * The gateway's one key pool: loaded from the stored keys, kept in step with every change to them, shared with
 * other replicas through Redis when configured, and snapshotted to Postgres so cooldowns survive a restart.
 */
@Injectable()
export class GatewayKeyPool implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly pool: KeyPool;
  private endpoints = new Map<string, KeyEndpoint>();
  private declared: readonly string[] = [];
  private unsubscribe: (() => void) | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly keys: ProviderKeysService,
    private readonly repository: KeyStateRepository,
    redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.pool = new KeyPool({
      maxQueueWaitMs: config.maxQueueWaitMs,
      store: redis.client ? new RedisStateStore({ redis: redis.client }) : new MemoryStateStore(),
      onEvent: (event) => this.onPoolEvent(event),
    });
  }

  endpointOf(keyId: string): KeyEndpoint | undefined {
    return this.endpoints.get(keyId);
  }

  /** `provider/model` for every model a usable key declares it serves, whether or not it was called yet. */
  declaredModels(): readonly string[] {
    return this.declared;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.pool.ready();
    await this.resync();
    try {
      const rows = await this.repository.loadSnapshot();
      if (rows.length > 0) this.pool.restoreState({ version: 1, takenAt: Date.now(), rows });
    } catch (error) {
      this.logger.error(
        { err: error },
        'key-pool snapshot could not be restored; starting with fresh key state',
      );
    }
    this.unsubscribe = this.keys.onKeysChanged(() => void this.resync());
    this.snapshotTimer = setInterval(() => void this.saveSnapshot(), SNAPSHOT_INTERVAL_MS);
    this.snapshotTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.snapshotTimer);
    this.unsubscribe?.();
    await this.syncing;
    await this.saveSnapshot();
    await this.pool.close();
  }

  /** Reloads every key; serialised, so a burst of changes never interleaves two loads. */
  resync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      try {
        const keys = await this.keys.loadActiveKeysWithSecrets();
        this.endpoints = new Map(
          keys.map((key) => [key.id, { providerType: key.provider.type, baseUrl: key.provider.baseUrl }]),
        );
        const authFailedInPool = new Set(
          this.pool
            .snapshot()
            .filter((view) => view.status === 'auth_failed')
            .map((view) => view.keyId),
        );
        this.pool.syncKeys(keys.map(keyConfigOf));
        this.declared = [
          ...new Set(
            keys
              .filter((key) => key.status === 'active')
              .flatMap((key) => key.models.map((model) => `${key.provider.name}/${model}`)),
          ),
        ];
        // An admin's successful re-test made the stored key active again: the pool forgets the failure too.
        for (const key of keys)
          if (key.status === 'active' && authFailedInPool.has(key.id)) this.pool.reinstate(key.id);
      } catch (error) {
        this.logger.error({ err: error }, 'provider keys could not be loaded into the key pool');
      }
    });
    return this.syncing;
  }

  async saveSnapshot(): Promise<void> {
    try {
      await this.repository.saveSnapshot(this.pool.snapshotState().rows);
    } catch (error) {
      this.logger.error({ err: error }, 'key-pool snapshot could not be saved');
    }
  }

  private onPoolEvent(event: PoolEvent): void {
    if (event.type === 'store_error') {
      this.logger.warn({ err: event.error }, 'key-pool shared state error');
      return;
    }
    if (event.type === 'cooled') {
      this.logger.info(
        {
          keyId: event.keyId,
          model: event.model,
          reason: event.reason,
          until: new Date(event.until).toISOString(),
          source: event.source,
        },
        'provider key cooling',
      );
    }
    if (
      event.type === 'disabled' &&
      event.source === 'failure' &&
      (event.reason === 'auth' || event.reason === 'forbidden')
    ) {
      void this.keys.markAuthFailed(event.keyId, event.message ?? event.reason).catch((error: unknown) => {
        this.logger.error({ err: error, keyId: event.keyId }, 'could not record a provider key auth failure');
      });
    }
  }
}
