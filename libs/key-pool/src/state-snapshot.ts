import type { CircuitBreakerState } from './circuit-breaker.js';
import type { ErrorClass } from './error-class.js';
import type { QuotaUsage } from './key-state.js';

/** The `model` of a row that holds key-wide state. */
export const KEY_WIDE_MODEL = '*';

export interface KeyWideSavedState {
  authFailure: ErrorClass | null;
  authFailureMessage?: string;
  cooldownUntil: number;
  cooldownReason: ErrorClass | null;
  billingLevel: number;
  quota: QuotaUsage;
}

export interface KeyModelSavedState {
  cooldownUntil: number;
  cooldownReason: ErrorClass | null;
  consecutiveFailures: number;
  rateLimitLevel: number;
  modelNotFoundLevel: number;
  breaker: CircuitBreakerState;
  requests: number;
  failures: number;
  latenciesMs: number[];
  /** An upstream answered this key for this model: its state is kept for good. */
  served?: boolean;
}

/** One row per key × model, `model: "*"` for key-wide state: the shape of a `key_state_snapshots` table. */
export type SavedStateRow =
  | { keyId: string; model: typeof KEY_WIDE_MODEL; state: KeyWideSavedState }
  | { keyId: string; model: string; state: KeyModelSavedState };

/** JSON-serialisable pool state: cooldowns, escalation, breakers, counters and quotas survive a restart. */
export interface PoolStateSnapshot {
  version: 1;
  takenAt: number;
  rows: SavedStateRow[];
}

export function isKeyWideRow(
  row: SavedStateRow,
): row is { keyId: string; model: typeof KEY_WIDE_MODEL; state: KeyWideSavedState } {
  return row.model === KEY_WIDE_MODEL;
}
