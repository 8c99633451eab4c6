import { WaiterQueue } from './acquire-waiters.js';
import { assessAvailability, type Availability } from './availability.js';
import { classifyUpstreamError } from './classify.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import {
  resolveCooldownPolicy,
  type CooldownPolicy,
  type CooldownPolicyOverrides,
} from './cooldown-policy.js';
import { decideCooldown, forgiveOnSuccess } from './cooldown-rules.js';
import { quotaPeriodStart } from './daily-period.js';
import { keyView, type KeyStateView } from './dashboard-snapshot.js';
import type { ClassifiedError, HeaderBag, UpstreamFailure } from './error-class.js';
import { EventHub, type PoolEventListener } from './events.js';
import { buildExclusion, type ExcludedKey, type ExclusionTest } from './exclusion.js';
import { resolveKeyConfig, type KeyConfig, type KeyUpdate } from './key-config.js';
import type { KeyRecord, KeySlot } from './key-state.js';
import { isClassifiedError, Lease, type LeaseOutcome, type LeaseSettler, type TokenUsage } from './lease.js';
import { MemoryStateStore } from './memory-store.js';
import {
  KeysUnavailableError,
  NoKeyForRouteError,
  PoolClosedError,
  type KeyPoolError,
} from './pool-errors.js';
import { findExhaustedWindows, type RateLimitWindow, readRateLimitWindows } from './rate-limit-headers.js';
import { ReadyIndex } from './ready-index.js';
import { latestLimits, type SeenLimits, toSeenLimits } from './seen-limits.js';
import { RestKeeper } from './rest-keeper.js';
import { RouteParser, type RouteInput, type Target } from './route.js';
import { parseStateSnapshot, saveKeyState } from './state-persistence.js';
import type { PoolStateSnapshot, SavedStateRow } from './state-snapshot.js';
import type { StateStore, StateStoreConnection } from './state-store.js';
import { StateSync } from './state-sync.js';
import { waitForLease } from './wait-for-lease.js';

export interface KeyPoolOptions {
  keys?: readonly KeyConfig[];
  clock?: Clock;
  cooldowns?: CooldownPolicyOverrides;
  /** How long `acquire` may wait for a resting or busy key to come back. 0 (default) fails fast. */
  maxQueueWaitMs?: number;
  /** A lease not released within this time is released by the pool. Default 10 minutes. */
  leaseTtlMs?: number;
  /** The retry hint given when keys are only busy (at their concurrency limit). Default 1 s. */
  busyRetryAfterMs?: number;
  /** Where state is shared with other pools. Default: a private in-memory store. */
  store?: StateStore;
  onEvent?: PoolEventListener;
  /**
   * Whether state for a model no key declares is kept for good, e.g. because it is priced. Without this option
   * every model's is. With it, any other model gets state only while it is used: a key is in at most
   * `untrackedModelsPerKey` such models (default 64), each dropped after `untrackedIdleMs` unused (default 10
   * minutes), so model names that clients make up cannot grow the pool. A model an upstream served is kept.
   */
  isKnownModel?: (provider: string, model: string) => boolean;
  untrackedModelsPerKey?: number;
  untrackedIdleMs?: number;
}

export interface AcquireOptions {
  /** Epoch ms after which waiting for a key is pointless. */
  deadline?: number;
  signal?: AbortSignal;
  /** Keys this request already tried: never handed out again for the same target. */
  exclude?: Iterable<ExcludedKey>;
  /** Overrides the pool's `maxQueueWaitMs` for this request. */
  maxQueueWaitMs?: number;
}

export interface SyncResult {
  added: string[];
  updated: string[];
  removed: string[];
}

export interface PoolStats {
  keys: number;
  /** Provider × model groups held, tracked or not. */
  models: number;
  activeLeases: number;
  waiting: number;
  inFlight: number;
}

/** Share of a key with almost no quota left still counts a little, so that the key is not starved to zero. */
const MIN_QUOTA_SHARE = 0.01;
/** A key's last seen rate-limit headers go to the shared store at most this often. */
const LIMITS_SHARE_INTERVAL_MS = 1000;
/** Answers about why nothing is available are reused this long while the ready heaps are unchanged. */
const AVAILABILITY_CACHE_MS = 100;
const UNTRACKED_MODELS_PER_KEY = 64;
const UNTRACKED_IDLE_MS = 10 * 60_000;

interface CachedAvailability {
  version: number;
  at: number;
  availability: Availability;
}

/**
 * Chooses the best key for each request, learns from every upstream answer, and never hands out a key that is
 * known to be resting. Everything on the request path is in memory; shared state flows in the background.
 */
export class KeyPool {
  private readonly clock: Clock;
  private readonly policy: CooldownPolicy;
  private readonly maxQueueWaitMs: number;
  private readonly leaseTtlMs: number;
  private readonly busyRetryAfterMs: number;
  private readonly index: ReadyIndex;
  private readonly events = new EventHub();
  private readonly routes = new RouteParser();
  private readonly leases = new Map<number, Lease>();
  private readonly waiters = new WaiterQueue();
  private readonly availabilityCache = new WeakMap<readonly Target[], CachedAvailability>();
  private readonly connection: StateStoreConnection;
  private readonly whenReady: Promise<void>;
  private readonly settler: LeaseSettler;
  private readonly rests: RestKeeper;
  private readonly sync: StateSync;
  private nextLeaseId = 1;
  private sweepTimer: TimerHandle | undefined;
  private dropIdleTimer: TimerHandle | undefined;
  private closed = false;

  constructor(options: KeyPoolOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.policy = resolveCooldownPolicy(options.cooldowns);
    this.maxQueueWaitMs = Math.max(0, options.maxQueueWaitMs ?? 0);
    this.leaseTtlMs = options.leaseTtlMs ?? 10 * 60_000;
    if (!(this.leaseTtlMs > 0)) throw new RangeError('leaseTtlMs must be positive');
    this.busyRetryAfterMs = options.busyRetryAfterMs ?? 1000;
    const untrackedIdleMs = options.untrackedIdleMs ?? UNTRACKED_IDLE_MS;
    this.index = new ReadyIndex(options.isKnownModel ?? (() => true), {
      perKey: Math.max(1, options.untrackedModelsPerKey ?? UNTRACKED_MODELS_PER_KEY),
      idleMs: untrackedIdleMs,
    });
    if (options.isKnownModel) this.scheduleDropIdle(Math.min(60_000, untrackedIdleMs));
    if (options.onEvent) this.events.subscribe(options.onEvent);
    this.settler = {
      now: () => this.clock.now(),
      settle: (slot, lease, outcome) => this.settle(slot, lease, outcome),
      classify: (failure) => this.classify(failure),
    };
    const onCapacity = (): void => this.waiters.drain();
    this.rests = new RestKeeper({
      clock: this.clock,
      index: this.index,
      events: this.events,
      connection: () => this.connection,
      onCapacity,
    });
    this.sync = new StateSync({
      clock: this.clock,
      index: this.index,
      rests: this.rests,
      events: this.events,
      policy: this.policy,
      onCapacity,
      isClosed: () => this.closed,
    });
    const store = options.store ?? new MemoryStateStore(() => this.clock.now());
    this.connection = store.connect(this.sync.listener());
    this.whenReady = this.connection.ready.then((shared) => this.sync.applySharedState(shared));
    this.whenReady.catch((error: unknown) =>
      this.events.emit({ type: 'store_error', at: this.clock.now(), error }),
    );
    for (const key of options.keys ?? []) this.addKey(key);
  }

  /** Resolves once the shared store is connected and what it knew has been applied. The pool works before that. */
  ready(): Promise<void> {
    return this.whenReady;
  }

  get replicaId(): string {
    return this.connection.replicaId;
  }

  onEvent(listener: PoolEventListener): () => void {
    return this.events.subscribe(listener);
  }

  addKey(config: KeyConfig): void {
    if (this.index.keys.has(config.id)) throw new RangeError(`Key ${config.id} is already in the pool`);
    const now = this.clock.now();
    const key = this.index.addKey(resolveKeyConfig(config), { ...config }, now);
    this.sync.keyAdded(key);
    this.afterCapacityChange();
  }

  /** Changes tier, weight, models, limits, quotas or status. Does not lift an auth failure: see `reinstate`. */
  updateKey(keyId: string, update: KeyUpdate): void {
    const key = this.requireKey(keyId);
    const source: KeyConfig = { ...key.source, ...update, id: key.config.id, provider: key.config.provider };
    const config = resolveKeyConfig(source);
    const now = this.clock.now();
    if (config.quotaResetOffsetMs !== key.config.quotaResetOffsetMs) {
      key.quota.periodStart = quotaPeriodStart(now, config.quotaResetOffsetMs);
    }
    this.index.reconfigureKey(key, config, source, now);
    this.rests.reassessQuota(key, now);
    this.index.version += 1;
    this.afterCapacityChange();
  }

  /** Adds the key, or updates it in place; a key that moved to another provider starts afresh. */
  upsertKey(config: KeyConfig): 'added' | 'updated' {
    const existing = this.index.keys.get(config.id);
    if (existing && existing.config.provider === config.provider) {
      const { id: _id, provider: _provider, ...update } = config;
      this.updateKey(config.id, { ...blankUpdate(), ...update });
      return 'updated';
    }
    if (existing) this.removeKey(config.id);
    this.addKey(config);
    return existing ? 'updated' : 'added';
  }

  removeKey(keyId: string): boolean {
    const key = this.index.keys.get(keyId);
    if (!key) return false;
    this.index.removeKey(key);
    this.index.version += 1;
    this.rests.scheduleWake();
    return true;
  }

  /** Makes the pool hold exactly these keys, as the gateway's database lists them. */
  syncKeys(configs: readonly KeyConfig[]): SyncResult {
    const result: SyncResult = { added: [], updated: [], removed: [] };
    const wanted = new Set(configs.map((config) => config.id));
    for (const keyId of [...this.index.keys.keys()]) {
      if (!wanted.has(keyId) && this.removeKey(keyId)) result.removed.push(keyId);
    }
    for (const config of configs) {
      if (this.upsertKey(config) === 'added') result.added.push(config.id);
      else result.updated.push(config.id);
    }
    return result;
  }

  /** An admin re-tested the key successfully: lift its auth failure and key-wide cooldown. */
  reinstate(keyId: string): boolean {
    const key = this.index.keys.get(keyId);
    if (!key) return false;
    this.rests.reinstate(key, true);
    return true;
  }

  /**
   * An admin's reset: the key's rests end for every model, escalation and breakers start afresh, here and on
   * every pool sharing the store. An auth failure stays: only `reinstate` lifts it. False for an unknown key.
   */
  resetKey(keyId: string): boolean {
    const key = this.index.keys.get(keyId);
    if (!key) return false;
    this.rests.resetKey(key, 'admin');
    return true;
  }

  /**
   * The rate-limit headers (`x-ratelimit-*`, `anthropic-ratelimit-*`) of the last answer for this key that carried
   * any, seen by this pool or shared by another; null when none was seen.
   */
  async lastSeenLimits(keyId: string): Promise<SeenLimits | null> {
    const own = this.index.keys.get(keyId)?.lastLimits;
    const shared = await this.connection.readLimits(keyId);
    return latestLimits(own, shared);
  }

  /**
   * The headers of an answer seen outside a lease (an admin's probe): their rate-limit windows become the key's
   * last seen limits. Nothing else about the key changes.
   */
  observeHeaders(keyId: string, model: string, headers: HeaderBag): void {
    const key = this.index.keys.get(keyId);
    if (!key) return;
    const now = this.clock.now();
    const windows = readRateLimitWindows(headers, now);
    if (windows.size > 0) this.noteLimits(key, model, windows, now, true);
  }

  hasKey(keyId: string): boolean {
    return this.index.keys.has(keyId);
  }

  keyIds(): string[] {
    return [...this.index.keys.keys()];
  }

  /**
   * Leases the best key for the route: targets in the caller's order of preference, within a target the lowest
   * tier first. When every candidate is resting or busy it waits up to `maxQueueWaitMs` (and the deadline) or
   * throws `KeysUnavailableError` with the earliest recovery; `NoKeyForRouteError` when nothing can ever serve.
   */
  async acquire(route: RouteInput, options: AcquireOptions = {}): Promise<Lease> {
    const targets = this.routes.parse(route);
    const isExcluded = buildExclusion(options.exclude);
    const lease = this.tryStart(targets, isExcluded);
    if (lease) return lease;
    return this.waitForKey(targets, isExcluded, options);
  }

  /**
   * A lease if a key is free right now, else undefined; never waits and never throws for a busy route. The cheap
   * first try of a caller that falls back to `acquire` for waiting and for the reason nothing is free.
   */
  tryAcquire(route: RouteInput, options: Pick<AcquireOptions, 'exclude'> = {}): Lease | undefined {
    return this.tryStart(this.routes.parse(route), buildExclusion(options.exclude));
  }

  /**
   * Milliseconds until a key of the route is expected to take a request again, for a caller whose picks failed: the
   * earliest end of a rest, or the busy retry hint when a key is not resting (so at its limit, or free again);
   * undefined when no key will ever serve the route, or it was never asked for. Read from the route's own keys and cached while the ready
   * heaps are unchanged, like the reason `acquire` gives: no scan of the pool.
   */
  earliestRecovery(route: RouteInput): number | undefined {
    const now = this.clock.now();
    this.rests.wakeDue(now);
    const availability = this.availability(this.routes.parse(route), undefined, now);
    return availability.kind === 'later' ? Math.max(0, availability.retryAt - now) : undefined;
  }

  classify(failure: UpstreamFailure | ClassifiedError): ClassifiedError {
    return isClassifiedError(failure) ? failure : classifyUpstreamError(failure, this.clock.now());
  }

  /** One item per key, for a dashboard's key-state view. */
  snapshot(): KeyStateView[] {
    const now = this.clock.now();
    return [...this.index.keys.values()].map((key) => keyView(key, now));
  }

  stats(): PoolStats {
    let inFlight = 0;
    for (const key of this.index.keys.values()) inFlight += key.inFlight;
    return {
      keys: this.index.keys.size,
      models: this.index.groupCount,
      activeLeases: this.leases.size,
      waiting: this.waiters.size,
      inFlight,
    };
  }

  /** Cooldowns, escalation, breakers, counters and quota usage, as JSON-serialisable rows. */
  snapshotState(): PoolStateSnapshot {
    const rows: SavedStateRow[] = [];
    for (const key of this.index.keys.values()) rows.push(...saveKeyState(key));
    return { version: 1, takenAt: this.clock.now(), rows };
  }

  /**
   * Applies a saved snapshot (object or JSON text). Cooldowns only ever lengthen; rows of keys not yet in the pool
   * wait until those keys are added.
   */
  restoreState(snapshot: PoolStateSnapshot | string): void {
    const { rows } = parseStateSnapshot(snapshot);
    this.sync.applySavedRows(rows);
    this.afterCapacityChange();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rests.stop();
    if (this.sweepTimer !== undefined) this.clock.clearTimer(this.sweepTimer);
    this.sweepTimer = undefined;
    if (this.dropIdleTimer !== undefined) this.clock.clearTimer(this.dropIdleTimer);
    this.dropIdleTimer = undefined;
    this.waiters.cancelAll(new PoolClosedError());
    await this.connection.close();
  }

  private tryStart(targets: readonly Target[], isExcluded: ExclusionTest | undefined): Lease | undefined {
    if (this.closed) throw new PoolClosedError();
    const now = this.clock.now();
    this.rests.wakeDue(now);
    for (let targetIndex = 0; targetIndex < targets.length; targetIndex += 1) {
      const target = targets[targetIndex] as Target;
      const group = this.index.ensureGroup(target.provider, target.model, now);
      const slot = group?.best(isExcluded);
      if (slot) return this.startLease(slot, targetIndex, now);
    }
    return undefined;
  }

  private startLease(slot: KeySlot, targetIndex: number, now: number): Lease {
    const key = slot.key;
    slot.inFlight += 1;
    key.inFlight += 1;
    slot.requests += 1;
    let share = key.config.weight;
    if (key.hasQuota) {
      key.rollQuotaPeriod(now);
      share *= Math.max(MIN_QUOTA_SHARE, key.remainingQuotaFraction());
      key.quota.requests += 1;
      this.connection.addQuotaUsage(this.quotaIncrement(key, now, 1, 0));
    }
    slot.group.chargePick(slot, share, now);
    slot.group.touchedAt = now;
    this.connection.changeInFlight(key.config.id, slot.model, 1, hasConcurrencyLimit(slot));
    if (key.hasQuota && key.isOverQuota()) this.rests.markExhausted(key, now);
    this.index.refreshKey(key, now);

    const lease = new Lease(this.nextLeaseId++, slot, targetIndex, now, now + this.leaseTtlMs, this.settler);
    this.leases.set(lease.id, lease);
    if (this.sweepTimer === undefined) this.scheduleSweep(now);
    return lease;
  }

  private waitForKey(
    targets: readonly Target[],
    isExcluded: ExclusionTest | undefined,
    options: AcquireOptions,
  ): Promise<Lease> {
    const now = this.clock.now();
    const availability = this.availability(targets, isExcluded, now);
    if (availability.kind === 'none') throw new NoKeyForRouteError(targetNames(targets), availability.reason);
    const maxWaitMs = Math.max(0, options.maxQueueWaitMs ?? this.maxQueueWaitMs);
    const waitUntil = Math.min(now + maxWaitMs, options.deadline ?? Infinity);
    const recoversInTime = availability.reason === 'busy' || availability.retryAt <= waitUntil;
    if (maxWaitMs === 0 || waitUntil <= now || !recoversInTime) {
      throw this.unavailableError(targets, isExcluded, now);
    }
    return waitForLease({
      clock: this.clock,
      waiters: this.waiters,
      attempt: () => this.tryStart(targets, isExcluded),
      giveUp: () => this.unavailableError(targets, isExcluded, this.clock.now()),
      waitMs: waitUntil - now,
      signal: options.signal,
    });
  }

  private availability(
    targets: readonly Target[],
    isExcluded: ExclusionTest | undefined,
    now: number,
  ): Availability {
    const cached = isExcluded ? undefined : this.availabilityCache.get(targets);
    if (cached && cached.version === this.index.version && now - cached.at < AVAILABILITY_CACHE_MS) {
      return cached.availability;
    }
    const groups = targets.map((target) => this.index.group(target.provider, target.model));
    const availability = assessAvailability(groups, isExcluded, now, this.busyRetryAfterMs);
    if (!isExcluded)
      this.availabilityCache.set(targets, { version: this.index.version, at: now, availability });
    return availability;
  }

  private unavailableError(
    targets: readonly Target[],
    isExcluded: ExclusionTest | undefined,
    now: number,
  ): KeyPoolError {
    const availability = this.availability(targets, isExcluded, now);
    if (availability.kind === 'none')
      return new NoKeyForRouteError(targetNames(targets), availability.reason);
    const retryAfterMs = Math.max(0, availability.retryAt - now);
    return new KeysUnavailableError(
      targetNames(targets),
      availability.reason,
      availability.retryAt,
      retryAfterMs,
    );
  }

  private settle(slot: KeySlot, lease: Lease, outcome: LeaseOutcome): void {
    this.leases.delete(lease.id);
    const key = slot.key;
    const now = this.clock.now();
    slot.inFlight -= 1;
    key.inFlight -= 1;
    this.connection.changeInFlight(key.config.id, slot.model, -1, hasConcurrencyLimit(slot));
    const live = !key.removed && key.slots.get(slot.model) === slot;
    if (outcome.kind === 'success') this.recordSuccess(slot, outcome, live, now);
    else if (outcome.kind === 'failure') {
      this.recordFailure(slot, outcome.failure, live, now);
      const windows = live ? readRateLimitWindows(outcome.headers, now) : undefined;
      if (windows && windows.size > 0) this.noteLimits(slot.key, slot.model, windows, now, false);
    } else if (outcome.kind === 'expired') {
      this.events.emit({
        type: 'lease_expired',
        keyId: key.config.id,
        provider: key.config.provider,
        model: slot.model,
        leaseId: lease.id,
        at: now,
      });
    }
    if (!key.removed) this.index.refreshKey(key, now);
    this.waiters.drain();
  }

  private recordSuccess(
    slot: KeySlot,
    outcome: { usage?: TokenUsage; headers?: HeaderBag; latencyMs: number },
    live: boolean,
    now: number,
  ): void {
    const key = slot.key;
    slot.consecutiveFailures = 0;
    forgiveOnSuccess(slot, key, this.policy);
    slot.latency.record(outcome.latencyMs);
    if (!live) return;
    this.index.markServed(slot);
    const tokens = usedTokens(outcome.usage);
    if (tokens > 0 && key.hasQuota) {
      key.rollQuotaPeriod(now);
      key.quota.tokens += tokens;
      this.connection.addQuotaUsage(this.quotaIncrement(key, now, 0, tokens));
      if (key.isOverQuota()) this.rests.markExhausted(key, now);
    }
    if (!outcome.headers) return;
    const windows = readRateLimitWindows(outcome.headers, now);
    if (windows.size === 0) return;
    this.noteLimits(slot.key, slot.model, windows, now, false);
    this.coolIfWindowSpent(slot, windows, now);
  }

  /** Keeps the key's last seen limits, and shares them now and then: nearly every answer carries them. */
  private noteLimits(
    key: KeyRecord,
    model: string,
    windows: Map<string, RateLimitWindow>,
    now: number,
    shareNow: boolean,
  ): void {
    key.lastLimits = toSeenLimits(windows, model, now);
    if (!key.lastLimits || (!shareNow && now - key.limitsSharedAt < LIMITS_SHARE_INTERVAL_MS)) return;
    key.limitsSharedAt = now;
    this.connection.shareLimits(key.config.id, key.lastLimits);
  }

  /** A successful answer that says a window has nothing left: rest before the upstream has to say 429. */
  private coolIfWindowSpent(slot: KeySlot, windows: Map<string, RateLimitWindow>, now: number): void {
    const exhausted = findExhaustedWindows(windows);
    if (!exhausted) return;
    const restMs = Math.min(exhausted.resetInMs ?? this.policy.proactiveFallbackMs, this.policy.maxHintMs);
    this.rests.coolSlot(slot, now + Math.max(1, restMs), 'rate_limit', 'proactive');
  }

  private recordFailure(slot: KeySlot, classified: ClassifiedError, live: boolean, now: number): void {
    if (classified.errorClass !== 'bad_request') {
      slot.failures += 1;
      slot.consecutiveFailures += 1;
    }
    if (!live) return;
    const decision = decideCooldown(classified, slot, slot.key, this.policy, now);
    if (decision.kind === 'cool' && decision.scope === 'key_model') {
      this.rests.coolSlot(slot, decision.until, decision.reason, 'failure', classified.message);
    } else if (decision.kind === 'cool') {
      this.rests.coolKey(slot.key, decision.until, decision.reason, 'failure', classified.message);
    } else if (decision.kind === 'disable') {
      this.rests.disable(slot.key, decision.reason, 'failure', classified.message);
    }
  }

  /** Leases are kept in acquisition order and share one time to live, so the oldest is always the next to expire. */
  private scheduleSweep(now: number): void {
    if (this.closed) return;
    const oldest = this.leases.values().next().value;
    if (oldest === undefined) return;
    this.sweepTimer = this.clock.setTimer(() => {
      this.sweepTimer = undefined;
      const sweptAt = this.clock.now();
      for (const lease of this.leases.values()) {
        if (lease.expiresAt > sweptAt) break;
        lease.expire();
      }
      this.scheduleSweep(sweptAt);
    }, oldest.expiresAt - now);
  }

  private scheduleDropIdle(everyMs: number): void {
    this.dropIdleTimer = this.clock.setTimer(() => {
      this.index.dropIdle(this.clock.now());
      if (!this.closed) this.scheduleDropIdle(everyMs);
    }, everyMs);
  }

  private afterCapacityChange(): void {
    this.rests.scheduleWake();
    this.waiters.drain();
  }

  private quotaIncrement(key: KeyRecord, now: number, requests: number, tokens: number) {
    return {
      keyId: key.config.id,
      periodStart: key.quota.periodStart,
      periodEnd: key.nextQuotaReset(now),
      requests,
      tokens,
    };
  }

  private requireKey(keyId: string): KeyRecord {
    const key = this.index.keys.get(keyId);
    if (!key) throw new RangeError(`Key ${keyId} is not in the pool`);
    return key;
  }
}

function hasConcurrencyLimit(slot: KeySlot): boolean {
  return Number.isFinite(slot.concurrencyLimit) || Number.isFinite(slot.key.config.maxConcurrency);
}

function targetNames(targets: readonly Target[]): string[] {
  return targets.map((target) => target.name);
}

function usedTokens(usage: TokenUsage | undefined): number {
  if (!usage) return 0;
  const parts = (usage.promptTokens ?? 0) + (usage.completionTokens ?? 0);
  const tokens = parts > 0 ? parts : (usage.totalTokens ?? 0);
  return Number.isFinite(tokens) && tokens > 0 ? tokens : 0;
}

/** Optional fields an upsert must clear when the new configuration leaves them out. */
function blankUpdate(): KeyUpdate {
  return {
    label: undefined,
    secret: undefined,
    baseUrl: undefined,
    providerType: undefined,
    tier: undefined,
    weight: undefined,
    maxConcurrency: undefined,
    modelMaxConcurrency: undefined,
    models: undefined,
    dailyRequestQuota: undefined,
    dailyTokenQuota: undefined,
    quotaResetUtc: undefined,
    status: undefined,
  };
}
