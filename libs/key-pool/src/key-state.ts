import { CircuitBreaker } from './circuit-breaker.js';
import { nextQuotaReset, quotaPeriodStart } from './daily-period.js';
import type { ErrorClass } from './error-class.js';
import { modelConcurrencyLimit, type KeyConfig, type ResolvedKeyConfig } from './key-config.js';
import { LatencyRing } from './latency-ring.js';
import type { ModelGroup } from './model-group.js';
import type { SeenLimits } from './seen-limits.js';

/** Something that rests until `wakeAt` and is parked in the pool's timer-ordered heap meanwhile. */
export interface Parkable {
  wakeAt: number;
  timerIndex: number;
}

/** State of one key for one model: cooldown, escalation, in-flight, counters, latency, and its place in line. */
export class KeySlot implements Parkable {
  inFlight = 0;
  /** In flight on other replicas, as last reported by the shared store. */
  remoteInFlight = 0;
  requests = 0;
  failures = 0;
  consecutiveFailures = 0;
  rateLimitLevel = 0;
  modelNotFoundLevel = 0;
  readonly breaker = new CircuitBreaker();
  cooldownUntil = 0;
  cooldownReason: ErrorClass | null = null;
  readonly latency = new LatencyRing();
  lastUsedAt = 0;
  /** Virtual time of weighted fair sharing: grows by 1 / share with each pick. */
  pass = 0;
  concurrencyLimit: number;
  /** An upstream answered this key for this model at least once. */
  served = false;

  heapIndex = -1;
  /** Which tier heap holds this slot while it is ready. */
  heapRank = 0;
  wakeAt = 0;
  timerIndex = -1;

  constructor(
    readonly key: KeyRecord,
    readonly group: ModelGroup,
    /** Tie-breaker that keeps the order total and stable. */
    readonly sequence: number,
  ) {
    this.concurrencyLimit = modelConcurrencyLimit(key.config, group.model);
  }

  get model(): string {
    return this.group.model;
  }

  get totalInFlight(): number {
    return this.inFlight + this.remoteInFlight;
  }

  isCooling(now: number): boolean {
    return this.cooldownUntil > now;
  }
}

/** Usage of a key's daily quota in the current period. */
export interface QuotaUsage {
  periodStart: number;
  requests: number;
  tokens: number;
}

/** Key-wide state: admin status, auth failure, key-wide cooldown, daily quota, in-flight across models. */
export class KeyRecord implements Parkable {
  inFlight = 0;
  remoteInFlight = 0;
  /** Set by an auth or permission failure; cleared only by `reinstate`. */
  authFailure: ErrorClass | null = null;
  authFailureMessage: string | undefined;
  cooldownUntil = 0;
  cooldownReason: ErrorClass | null = null;
  billingLevel = 0;
  quota: QuotaUsage;
  /** The key is over its own daily quota until then. */
  exhaustedUntil = 0;
  /** The rate-limit headers of the last answer that carried any. */
  lastLimits: SeenLimits | undefined;
  /** When `lastLimits` was last handed to the shared store. */
  limitsSharedAt = 0;
  readonly slots = new Map<string, KeySlot>();
  /** Untracked groups this key has a slot in (see `ModelGroup.tracked`). */
  readonly untracked = new Set<ModelGroup>();
  removed = false;
  wakeAt = 0;
  timerIndex = -1;

  constructor(
    public config: ResolvedKeyConfig,
    public source: KeyConfig,
    now: number,
  ) {
    this.quota = { periodStart: quotaPeriodStart(now, config.quotaResetOffsetMs), requests: 0, tokens: 0 };
  }

  get totalInFlight(): number {
    return this.inFlight + this.remoteInFlight;
  }

  get hasQuota(): boolean {
    return this.config.dailyRequestQuota !== null || this.config.dailyTokenQuota !== null;
  }

  serves(model: string): boolean {
    return this.config.models === null || this.config.models.has(model);
  }

  /** Disabled by an admin or by an auth failure: only people bring it back. */
  get isDisabled(): boolean {
    return this.config.status !== 'active' || this.authFailure !== null;
  }

  /** Starts a new quota period when the reset time has passed. */
  rollQuotaPeriod(now: number): void {
    if (now < this.quota.periodStart + 86_400_000) return;
    this.quota = {
      periodStart: quotaPeriodStart(now, this.config.quotaResetOffsetMs),
      requests: 0,
      tokens: 0,
    };
  }

  isOverQuota(): boolean {
    const { dailyRequestQuota, dailyTokenQuota } = this.config;
    return (
      (dailyRequestQuota !== null && this.quota.requests >= dailyRequestQuota) ||
      (dailyTokenQuota !== null && this.quota.tokens >= dailyTokenQuota)
    );
  }

  nextQuotaReset(now: number): number {
    return nextQuotaReset(now, this.config.quotaResetOffsetMs);
  }

  /** Fraction of the daily quota still available, 1 when unlimited, for weighting picks. */
  remainingQuotaFraction(): number {
    const { dailyRequestQuota, dailyTokenQuota } = this.config;
    let fraction = 1;
    if (dailyRequestQuota !== null && dailyRequestQuota > 0) {
      fraction = Math.min(fraction, 1 - this.quota.requests / dailyRequestQuota);
    }
    if (dailyTokenQuota !== null && dailyTokenQuota > 0) {
      fraction = Math.min(fraction, 1 - this.quota.tokens / dailyTokenQuota);
    }
    return fraction;
  }

  /** When the key-wide rest (cooldown or exhausted quota) ends; 0 when it is not resting. */
  restingUntil(now: number): number {
    const until = Math.max(this.cooldownUntil, this.exhaustedUntil);
    return until > now ? until : 0;
  }
}
