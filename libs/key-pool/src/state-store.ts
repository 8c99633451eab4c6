import type { ErrorClass } from './error-class.js';
import type { SeenLimits } from './seen-limits.js';

/** A cooldown as replicas share it. `model: null` rests the whole key. */
export interface SharedCooldown {
  keyId: string;
  model: string | null;
  until: number;
  reason: ErrorClass;
}

/** An auth failure that disables a key everywhere, or (`authFailure: null`) an admin's reinstatement. */
export interface SharedKeyStatus {
  keyId: string;
  authFailure: ErrorClass | null;
  message?: string;
}

/** Requests in flight on other replicas, for one key and one of its models. */
export interface SharedInFlight {
  keyId: string;
  model: string;
  othersOnKey: number;
  othersOnModel: number;
}

/** A key's daily quota usage summed over all replicas. */
export interface SharedQuotaUsage {
  keyId: string;
  periodStart: number;
  requests: number;
  tokens: number;
}

export interface QuotaIncrement {
  keyId: string;
  periodStart: number;
  /** When the period ends: the shared counter may be dropped after it. */
  periodEnd: number;
  requests: number;
  tokens: number;
}

/** What a store already knows when a pool connects. */
export interface SharedState {
  cooldowns: SharedCooldown[];
  statuses: SharedKeyStatus[];
}

/** How a store tells its pool about other replicas' doings. Called asynchronously, never inside a pool call. */
export interface StateStoreListener {
  cooldown(cooldown: SharedCooldown): void;
  keyStatus(status: SharedKeyStatus): void;
  inFlight(inFlight: SharedInFlight): void;
  quotaUsage(usage: SharedQuotaUsage): void;
  /** An admin reset the key on another replica: forget its rests, escalation and breakers here too. */
  keyReset(keyId: string): void;
  error(error: unknown): void;
}

/**
 * One pool's link to shared state. Every method returns at once: writes happen in the background and their
 * results come back through the listener, so that picking a key never waits on the network.
 */
export interface StateStoreConnection {
  readonly replicaId: string;
  /** Resolves with what the store already knew, once the connection is live. */
  readonly ready: Promise<SharedState>;
  shareCooldown(cooldown: SharedCooldown): void;
  shareKeyStatus(status: SharedKeyStatus): void;
  /**
   * Counts a request starting (+1) or ending (-1). `limited` says the key has a concurrency limit: other replicas
   * must then hear of the change at once, not only when they next touch the key.
   */
  changeInFlight(keyId: string, model: string, delta: number, limited: boolean): void;
  addQuotaUsage(increment: QuotaIncrement): void;
  /** Drops the key's stored rests and tells every other pool to forget its rests, escalation and breakers. */
  shareKeyReset(keyId: string): void;
  /** Keeps the key's last seen rate-limit headers where every replica can read them. */
  shareLimits(keyId: string, limits: SeenLimits): void;
  /** The last seen rate-limit headers another pool shared for the key, if any. */
  readLimits(keyId: string): Promise<SeenLimits | null>;
  close(): Promise<void>;
}

/** Where pools share cooldowns, in-flight counts and quotas: in memory (one process) or in Redis (replicas). */
export interface StateStore {
  connect(listener: StateStoreListener): StateStoreConnection;
}
