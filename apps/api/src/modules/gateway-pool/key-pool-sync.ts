import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type PoolEvent } from '@switchyard/key-pool';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { isConnectionError } from '../../redis/connection-errors.js';
import { RedisService } from '../../redis/redis.service.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import { ProviderKeysService } from '../provider-keys/provider-keys.service.js';
import { GatewayKeyPool } from './gateway-key-pool.js';
import { PoolSnapshotRepository } from './pool-snapshot.repository.js';

const SNAPSHOT_INTERVAL_MS = 15_000;

/**
 * Keeps the gateway's key pool in step with the stored keys: loaded at start and on every change to them, shared
 * with other replicas through Redis when configured, and snapshotted to Postgres so cooldowns survive a restart.
 * A key the pool disables for its credentials is marked `auth_failed` in the database. Auth failures and keys
 * out of quota or credit are handed to the notification outbox.
 */
@Injectable()
export class KeyPoolSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;
  private stopEvents: (() => void) | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: GatewayKeyPool,
    private readonly keys: ProviderKeysService,
    private readonly snapshots: PoolSnapshotRepository,
    private readonly notifications: NotificationOutbox,
    private readonly redis: RedisService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.stopEvents = this.pool.onEvent((event) => this.onPoolEvent(event));
  }

  async onApplicationBootstrap(): Promise<void> {
    // A Redis that is down at start leaves this replica's pool unshared, not the API stopped.
    await this.pool.ready().catch(() => undefined);
    await this.resync();
    try {
      const rows = await this.snapshots.load();
      if (rows.length > 0) this.pool.restoreState(rows);
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
    this.stopEvents?.();
    await this.pool.close();
  }

  /** Reloads every key; serialised, so a burst of changes never interleaves two loads. */
  resync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      try {
        this.pool.load(await this.keys.loadActiveKeysWithSecrets());
      } catch (error) {
        this.logger.error({ err: error }, 'provider keys could not be loaded into the key pool');
      }
    });
    return this.syncing;
  }

  async saveSnapshot(): Promise<void> {
    try {
      await this.snapshots.save(this.pool.saveState());
    } catch (error) {
      this.logger.error({ err: error }, 'key-pool snapshot could not be saved');
    }
  }

  private onPoolEvent(event: PoolEvent): void {
    if (event.type === 'store_error') {
      // An outage is noticed and logged once by RedisService, not once per request that could not share its key
      // state; the key pool's own subscriber may also still be reconnecting after Redis is back.
      if (!isConnectionError(event.error) && this.redis.available)
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
      if (
        (event.source === 'failure' || event.source === 'quota') &&
        (event.reason === 'quota_exhausted' || event.reason === 'billing')
      ) {
        this.notifications.keyTrouble({
          kind: 'key.exhausted',
          at: new Date(event.at),
          keyId: event.keyId,
          provider: event.provider,
          model: event.model,
          reason: event.reason,
        });
      }
    }
    if (
      event.type === 'disabled' &&
      event.source === 'failure' &&
      (event.reason === 'auth' || event.reason === 'forbidden')
    ) {
      void this.keys
        .markAuthFailed(event.keyId, event.message ?? event.reason)
        .then((marked) => {
          // Only the replica whose update marked the key tells anyone.
          if (marked)
            this.notifications.keyTrouble({
              kind: 'key.auth_failed',
              at: new Date(event.at),
              keyId: event.keyId,
              provider: event.provider,
              reason: event.reason,
            });
        })
        .catch((error: unknown) => {
          this.logger.error(
            { err: error, keyId: event.keyId },
            'could not record a provider key auth failure',
          );
        });
    }
  }
}
