import {
  type HeaderBag,
  type KeyConfig,
  KeyPool,
  type KeyStateView,
  type Lease,
  type PoolEventListener,
  type PoolStateSnapshot,
  type PoolStats,
  type SavedStateRow,
  type SeenLimits,
  type StateStore,
} from '@switchyard/key-pool';
import { type ProviderTarget, type ProviderType } from '@switchyard/providers';
import { type ProviderKeyWithSecret } from '../provider-keys/provider-key-with-secret.js';

export interface GatewayKeyPoolOptions {
  maxQueueWaitMs: number;
  store: StateStore;
  /**
   * Models whose state is kept although no key declares them: the priced ones. State for any other model lives
   * only while it is used, unless an upstream serves it (see `KeyPoolOptions.isKnownModel`).
   */
  isKnownModel: (provider: string, model: string) => boolean;
}

function keyConfigOf(key: ProviderKeyWithSecret): KeyConfig {
  return {
    id: key.id,
    provider: key.provider.name,
    label: key.label,
    secret: key.secret,
    baseUrl: key.provider.baseUrl,
    providerType: key.provider.type,
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
 * The gateway's one live key pool: the stored keys as `@switchyard/key-pool` serves them, each with its provider's
 * type and base URL, so that a lease holds everything an upstream call needs. The relay leases from it;
 * `KeyPoolSync` keeps it in step with the database; the dashboard, the model list and the metrics read its views.
 */
export class GatewayKeyPool {
  private readonly pool: KeyPool;
  private declared: readonly string[] = [];
  private secrets: ReadonlyMap<string, string> = new Map();
  /** Providers whose record says they serve the Responses API themselves. */
  private responsesProviders: ReadonlySet<string> = new Set();
  /** Where each usable key calls, for a call that needs one particular key rather than a lease. */
  private endpoints: ReadonlyMap<string, Omit<ProviderTarget, 'model'>> = new Map();

  constructor(options: GatewayKeyPoolOptions) {
    this.pool = new KeyPool(options);
  }

  /** A lease on the best key free right now, never waiting; undefined when none is. */
  tryAcquire(route: string | string[], tried: readonly Lease[]): Lease | undefined {
    return this.pool.tryAcquire(route, { exclude: tried });
  }

  /** A lease, waiting up to the configured queue wait; throws the pool's typed errors when none comes. */
  acquire(route: string | string[], tried: readonly Lease[], signal: AbortSignal): Promise<Lease> {
    return this.pool.acquire(route, { exclude: tried, signal });
  }

  /** The upstream a lease calls; undefined for a key loaded without its provider (never one of the gateway's). */
  targetOf(lease: Lease): ProviderTarget | undefined {
    const { secret, baseUrl, providerType } = lease;
    if (secret === undefined || baseUrl === undefined || providerType === undefined) return undefined;
    return {
      type: providerType as ProviderType,
      baseUrl,
      model: lease.model,
      apiKey: secret,
      servesResponses: this.responsesProviders.has(lease.provider),
    };
  }

  /**
   * The upstream of one particular active key, without a lease: for a call that must reach the key that holds
   * something (a stored response) and spends no tokens.
   */
  targetOfKey(keyId: string, model: string): ProviderTarget | undefined {
    const endpoint = this.endpoints.get(keyId);
    return endpoint && { ...endpoint, model };
  }

  /** Milliseconds until a key of the route is expected back, after every pick failed (see `KeyPool`). */
  earliestRecovery(route: string | string[]): number | undefined {
    return this.pool.earliestRecovery(route);
  }

  /** `provider/model` for every model a usable key declares it serves, whether or not it was called yet. */
  declaredModels(): readonly string[] {
    return this.declared;
  }

  /** Makes the pool hold exactly these stored keys. */
  load(keys: readonly ProviderKeyWithSecret[]): void {
    const authFailedInPool = new Set(
      this.pool
        .snapshot()
        .filter((view) => view.status === 'auth_failed')
        .map((view) => view.keyId),
    );
    this.pool.syncKeys(keys.map(keyConfigOf));
    this.secrets = new Map(keys.map((key) => [key.id, key.secret]));
    this.responsesProviders = new Set(
      keys.filter((key) => key.provider.servesResponses).map((key) => key.provider.name),
    );
    this.endpoints = new Map(
      keys
        .filter((key) => key.status === 'active')
        .map((key) => [
          key.id,
          {
            type: key.provider.type as ProviderType,
            baseUrl: key.provider.baseUrl,
            apiKey: key.secret,
            servesResponses: key.provider.servesResponses,
          },
        ]),
    );
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

  /** The stored key's secret, for redacting it from what is logged of a request it served. */
  secretOf(keyId: string): string | undefined {
    return this.secrets.get(keyId);
  }

  hasKey(keyId: string): boolean {
    return this.pool.hasKey(keyId);
  }

  /**
   * An admin's reset: the key's rests end for every model on every replica; an auth failure stays. False when the
   * pool does not hold the key.
   */
  resetKey(keyId: string): boolean {
    return this.pool.resetKey(keyId);
  }

  /** The rate-limit headers of the key's last answer that carried any, seen here or on another replica. */
  lastSeenLimits(keyId: string): Promise<SeenLimits | null> {
    return this.pool.lastSeenLimits(keyId);
  }

  /** The headers of an answer to a call made outside a lease (an admin's probe): they update the key's limits. */
  observeHeaders(keyId: string, model: string, headers: HeaderBag): void {
    this.pool.observeHeaders(keyId, model, headers);
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
