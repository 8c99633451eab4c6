export * from './error-class.js';
export { ERROR_POLICY, ERROR_CLASSES, isErrorClass, type ErrorPolicy } from './error-policy.js';
export { classifyUpstreamError, CLASSIFICATION_RULES } from './classify.js';
export { readProviderError, type ProviderErrorFacts } from './provider-error.js';
export { upstreamRetryHint } from './retry-hints.js';
export { readRateLimitWindows, findExhaustedWindows, type RateLimitWindow } from './rate-limit-headers.js';
export { toSeenLimits, latestLimits, type SeenLimits, type LimitWindow } from './seen-limits.js';
export { parseDurationMs, parseRetryAfterMs, parseResetMs } from './durations.js';
export { readHeader, toHeaderBag } from './headers.js';
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export { tierRank, type KeyTier } from './tiers.js';
export { parseResetTimeUtc, quotaPeriodStart, nextQuotaReset } from './daily-period.js';
export {
  resolveKeyConfig,
  type KeyConfig,
  type KeyConfigStatus,
  type KeyUpdate,
  type ResolvedKeyConfig,
} from './key-config.js';
export { parseTarget, type RouteInput, type Target } from './route.js';
export {
  DEFAULT_COOLDOWN_POLICY,
  resolveCooldownPolicy,
  escalationStep,
  type CooldownPolicy,
  type CooldownPolicyOverrides,
  type CircuitBreakerPolicy,
} from './cooldown-policy.js';
export { LatencyRing } from './latency-ring.js';
export {
  KeyPoolError,
  NoKeyForRouteError,
  KeysUnavailableError,
  AcquireAbortedError,
  PoolClosedError,
  type NoKeyReason,
  type UnavailableReason,
} from './pool-errors.js';
export type {
  PoolEvent,
  PoolEventListener,
  CooledEvent,
  RestoredEvent,
  DisabledEvent,
  ReinstatedEvent,
  KeyResetEvent,
  LeaseExpiredEvent,
  StoreErrorEvent,
  CooldownSource,
} from './events.js';
export type { ExcludedKey } from './exclusion.js';
export { Lease, type LeaseState, type TokenUsage } from './lease.js';
export type { KeyStateView, ModelStateView, KeyStatus } from './dashboard-snapshot.js';
export {
  KEY_WIDE_MODEL,
  type PoolStateSnapshot,
  type SavedStateRow,
  type KeyWideSavedState,
  type KeyModelSavedState,
} from './state-snapshot.js';
export type {
  StateStore,
  StateStoreConnection,
  StateStoreListener,
  SharedCooldown,
  SharedKeyStatus,
  SharedInFlight,
  SharedQuotaUsage,
  SharedState,
  QuotaIncrement,
} from './state-store.js';
export { MemoryStateStore } from './memory-store.js';
export { RedisStateStore, type RedisStateStoreOptions } from './redis-store.js';

export {
  KeyPool,
  type KeyPoolOptions,
  type AcquireOptions,
  type SyncResult,
  type PoolStats,
} from './key-pool.js';
