import type { ErrorClass } from './error-class.js';
import type { KeyRecord, KeySlot } from './key-state.js';
import type { KeyTier } from './tiers.js';

export type KeyStatus = 'ready' | 'cooling' | 'exhausted' | 'disabled' | 'auth_failed';

export interface ModelStateView {
  model: string;
  /** What a request for this model would meet now, key-wide state included. */
  status: KeyStatus;
  /** Epoch ms when this key × model's own cooldown ends, or null. */
  cooldownUntil: number | null;
  reason: ErrorClass | null;
  consecutiveFailures: number;
  inFlight: number;
  requests: number;
  /** Failures blamed on the key (client errors such as `bad_request` are not). */
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/**
 * One key as a dashboard's key-state view shows it, with the models whose state is kept for good (declared, known
 * or served; see `KeyPoolOptions.isKnownModel`). Never contains the credential.
 */
export interface KeyStateView {
  keyId: string;
  provider: string;
  label?: string;
  tier: KeyTier;
  status: KeyStatus;
  /** Epoch ms when the key-wide rest (cooldown or exhausted daily quota) ends, or null. */
  cooldownUntil: number | null;
  reason: ErrorClass | null;
  inFlight: number;
  quota: { periodStart: number; requests: number; tokens: number } | null;
  models: ModelStateView[];
}

export function keyStatusOf(key: KeyRecord, now: number): KeyStatus {
  if (key.config.status === 'disabled') return 'disabled';
  if (key.config.status === 'auth_failed' || key.authFailure !== null) return 'auth_failed';
  if (key.exhaustedUntil > now) return 'exhausted';
  if (key.cooldownUntil > now) return key.cooldownReason === 'quota_exhausted' ? 'exhausted' : 'cooling';
  return 'ready';
}

function modelView(slot: KeySlot, keyStatus: KeyStatus, now: number): ModelStateView {
  const cooling = slot.cooldownUntil > now;
  const ownStatus: KeyStatus = !cooling
    ? 'ready'
    : slot.cooldownReason === 'quota_exhausted'
      ? 'exhausted'
      : 'cooling';
  return {
    model: slot.model,
    status: keyStatus === 'ready' ? ownStatus : keyStatus,
    cooldownUntil: cooling ? slot.cooldownUntil : null,
    reason: cooling ? slot.cooldownReason : null,
    consecutiveFailures: slot.consecutiveFailures,
    inFlight: slot.inFlight,
    requests: slot.requests,
    failures: slot.failures,
    p50Ms: slot.latency.percentile(0.5),
    p95Ms: slot.latency.percentile(0.95),
  };
}

export function keyView(key: KeyRecord, now: number): KeyStateView {
  const status = keyStatusOf(key, now);
  const restingUntil = key.restingUntil(now);
  const view: KeyStateView = {
    keyId: key.config.id,
    provider: key.config.provider,
    tier: key.config.tier,
    status,
    cooldownUntil: restingUntil > 0 ? restingUntil : null,
    reason:
      key.authFailure ??
      (key.exhaustedUntil > now ? 'quota_exhausted' : key.cooldownUntil > now ? key.cooldownReason : null),
    inFlight: key.inFlight,
    quota: key.hasQuota ? { ...key.quota } : null,
    models: [...key.slots.values()]
      .filter((slot) => slot.group.tracked)
      .sort((a, b) => a.model.localeCompare(b.model))
      .map((slot) => modelView(slot, status, now)),
  };
  if (key.config.label !== undefined) view.label = key.config.label;
  return view;
}
