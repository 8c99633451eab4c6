import type { CooldownPolicy } from './cooldown-policy.js';
import type { ErrorClass } from './error-class.js';
import { isErrorClass } from './error-policy.js';
import type { KeyRecord, KeySlot } from './key-state.js';
import {
  KEY_WIDE_MODEL,
  type KeyModelSavedState,
  type KeyWideSavedState,
  type PoolStateSnapshot,
  type SavedStateRow,
} from './state-snapshot.js';

function keyWideState(key: KeyRecord): KeyWideSavedState {
  const state: KeyWideSavedState = {
    authFailure: key.authFailure,
    cooldownUntil: key.cooldownUntil,
    cooldownReason: key.cooldownReason,
    billingLevel: key.billingLevel,
    quota: { ...key.quota },
  };
  if (key.authFailureMessage !== undefined) state.authFailureMessage = key.authFailureMessage;
  return state;
}

function keyModelState(slot: KeySlot): KeyModelSavedState {
  return {
    cooldownUntil: slot.cooldownUntil,
    cooldownReason: slot.cooldownReason,
    consecutiveFailures: slot.consecutiveFailures,
    rateLimitLevel: slot.rateLimitLevel,
    modelNotFoundLevel: slot.modelNotFoundLevel,
    breaker: slot.breaker.save(),
    requests: slot.requests,
    failures: slot.failures,
    latenciesMs: slot.latency.values(),
    served: slot.served,
  };
}

/** Rows for every key × model with something worth keeping, and one key-wide row per key. */
export function saveKeyState(key: KeyRecord): SavedStateRow[] {
  const rows: SavedStateRow[] = [{ keyId: key.config.id, model: KEY_WIDE_MODEL, state: keyWideState(key) }];
  for (const slot of key.slots.values()) {
    const worthKeeping =
      slot.requests > 0 ||
      slot.failures > 0 ||
      slot.cooldownUntil > 0 ||
      slot.rateLimitLevel > 0 ||
      slot.modelNotFoundLevel > 0;
    if (worthKeeping) rows.push({ keyId: key.config.id, model: slot.model, state: keyModelState(slot) });
  }
  return rows;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Counters and escalation of a key × model; cooldowns go through the pool so they park and announce. */
export function loadKeyModelCounters(slot: KeySlot, state: KeyModelSavedState, policy: CooldownPolicy): void {
  slot.consecutiveFailures = count(state.consecutiveFailures);
  slot.rateLimitLevel = count(state.rateLimitLevel);
  slot.modelNotFoundLevel = count(state.modelNotFoundLevel);
  slot.requests = Math.max(slot.requests, count(state.requests));
  slot.failures = Math.max(slot.failures, count(state.failures));
  if (state.breaker && Array.isArray(state.breaker.failureTimes))
    slot.breaker.load(state.breaker, policy.breaker);
  if (Array.isArray(state.latenciesMs) && slot.latency.size === 0) {
    for (const latency of state.latenciesMs) if (typeof latency === 'number') slot.latency.record(latency);
  }
}

/** Escalation and the current period's quota usage of a key. */
export function loadKeyWideCounters(key: KeyRecord, state: KeyWideSavedState): void {
  key.billingLevel = count(state.billingLevel);
  const quota = state.quota;
  if (quota && quota.periodStart === key.quota.periodStart) {
    key.quota.requests = Math.max(key.quota.requests, count(quota.requests));
    key.quota.tokens = Math.max(key.quota.tokens, count(quota.tokens));
  }
}

/** Checks the outer shape of a snapshot that came back from storage; rows are checked one by one as applied. */
export function parseStateSnapshot(input: unknown): PoolStateSnapshot {
  const value = typeof input === 'string' ? (JSON.parse(input) as unknown) : input;
  if (typeof value !== 'object' || value === null)
    throw new TypeError('A pool state snapshot must be an object');
  const snapshot = value as Partial<PoolStateSnapshot>;
  if (snapshot.version !== 1)
    throw new TypeError(`Unsupported pool state snapshot version: ${String(snapshot.version)}`);
  if (!Array.isArray(snapshot.rows)) throw new TypeError('A pool state snapshot needs rows');
  const rows = snapshot.rows.filter(
    (row): row is SavedStateRow =>
      typeof row === 'object' &&
      row !== null &&
      typeof row.keyId === 'string' &&
      typeof row.model === 'string' &&
      typeof row.state === 'object' &&
      row.state !== null,
  );
  return { version: 1, takenAt: Number(snapshot.takenAt) || 0, rows };
}

/** A saved error class, or null when storage returned something else. */
export function savedReason(value: unknown): ErrorClass | null {
  return isErrorClass(value) ? value : null;
}
