import {
  type KeyConfig,
  KeyPool,
  type KeyStateView,
  type Lease,
  type PoolEventListener,
  type PoolStateSnapshot,
  type PoolStats,
  type SavedStateRow,
  type StateStore,
} from '@switchyard/key-pool';
import { type ProviderType } from '@switchyard/providers';
import { type RouteTarget } from '../routes/route-target.js';
import { type ProviderKeyWithSecret } from '../provider-keys/provider-key-with-secret.js';

export interface KeyEndpoint {
  providerType: ProviderType;
  baseUrl: string;
}

export interface GatewayKeyPoolOptions {
  maxQueueWaitMs: number;
  store: StateStore;
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
 * The gateway's one live key pool: the stored keys as `@switchyard/key-pool` serves them, with where each key's
 * provider is. The relay leases from it; `KeyPoolSync` keeps it in step with the database.
 */
export class GatewayKeyPool {
  private readonly pool: KeyPool;
  private endpoints = new Map<string, KeyEndpoint>();
  private declared: readonly string[] = [];

  constructor(options: GatewayKeyPoolOptions) {
    this.pool = new KeyPool({ maxQueueWaitMs: options.maxQueueWaitMs, store: options.store });
  }

  /** A lease on the best key free right now, never waiting; undefined when none is. */
  tryAcquire(route: string | string[], tried: readonly Lease[]): Lease | undefined {
    return this.pool.tryAcquire(route, { exclude: tried });
  }

  /** A lease, waiting up to the configured queue wait; throws the pool's typed errors when none comes. */
  acquire(route: string | string[], tried: readonly Lease[], signal: AbortSignal): Promise<Lease> {
    return this.pool.acquire(route, { exclude: tried, signal });
  }

  endpointOf(keyId: string): KeyEndpoint | undefined {
    return this.endpoints.get(keyId);
  }

  /** Milliseconds until the first of these targets' keys is expected back, if any is resting. */
  earliestRecoveryMs(targets: readonly RouteTarget[]): number | undefined {
    const now = Date.now();
    const wanted = new Set(targets.map((t) => `${t.provider}|${t.model}`));
    let earliest: number | undefined;
    for (const key of this.pool.snapshot()) {
      for (const model of key.models) {
        if (!wanted.has(`${key.provider}|${model.model}`)) continue;
        const until = Math.max(model.cooldownUntil ?? 0, key.cooldownUntil ?? 0);
        if (until > now && (earliest === undefined || until < earliest)) earliest = until;
      }
    }
    return earliest === undefined ? undefined : earliest - now;
  }

  /** `provider/model` for every model a usable key declares it serves, whether or not it was called yet. */
  declaredModels(): readonly string[] {
    return this.declared;
  }

  /** Makes the pool hold exactly these stored keys. */
  load(keys: readonly ProviderKeyWithSecret[]): void {
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
  }

  /** One view per key, for the dashboard, the model list and the metrics. */
  snapshot(): KeyStateView[] {
    return this.pool.snapshot();
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  onEvent(listener: PoolEventListener): () => void {
    return this.pool.onEvent(listener);
  }

  ready(): Promise<void> {
    return this.pool.ready();
  }

  saveState(): SavedStateRow[] {
    return this.pool.snapshotState().rows;
  }

  restoreState(rows: SavedStateRow[]): void {
    const snapshot: PoolStateSnapshot = { version: 1, takenAt: Date.now(), rows };
    this.pool.restoreState(snapshot);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
