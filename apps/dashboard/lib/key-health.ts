import type { KeyState, LiveKeyStatus } from '@switchyard/contracts';

/** A rest longer than this is worth someone's attention: the key is out of rotation for a while. */
export const LONG_COOLDOWN_MS = 5 * 60_000;

export type EffectiveStatus = LiveKeyStatus | 'partly_cooling' | 'unknown';

export interface KeyHealth {
  status: EffectiveStatus;
  /** When the key (or, for a key resting only on some models, its first model) is usable again. */
  until: string | null;
  reason: string | null;
  restingModels: number;
  totalModels: number;
}

const RESTING: ReadonlySet<LiveKeyStatus> = new Set(['cooling', 'exhausted']);

/**
 * The pool rests a key as a whole (auth failure, quota, key-wide cooldown) or per model (a 429 on one model).
 * A key whose every model rests is as unavailable as a cooling key; one with some models resting still serves.
 */
export function keyHealth(state: KeyState | undefined, now: number): KeyHealth {
  if (!state) return { status: 'unknown', until: null, reason: null, restingModels: 0, totalModels: 0 };
  const totalModels = state.models.length;
  const resting = state.models.filter(
    (model) => RESTING.has(model.status) && model.cooldownUntil && Date.parse(model.cooldownUntil) > now,
  );
  if (state.status !== 'ready') {
    const until = state.cooldownUntil && Date.parse(state.cooldownUntil) > now ? state.cooldownUntil : null;
    return {
      status: state.status,
      until,
      reason: state.reason ?? null,
      restingModels: totalModels,
      totalModels,
    };
  }
  if (resting.length === 0) {
    return { status: 'ready', until: null, reason: null, restingModels: 0, totalModels };
  }
  const soonest = resting.reduce((a, b) =>
    Date.parse(a.cooldownUntil!) <= Date.parse(b.cooldownUntil!) ? a : b,
  );
  const everyModel = resting.length === totalModels;
  return {
    status: everyModel ? (soonest.status as LiveKeyStatus) : 'partly_cooling',
    until: soonest.cooldownUntil,
    reason: soonest.reason,
    restingModels: resting.length,
    totalModels,
  };
}

export interface AttentionItem {
  state: KeyState;
  health: KeyHealth;
  why: string;
}

/** Keys an operator should look at: refused by the provider, switched off, out of quota, or resting long. */
export function keysNeedingAttention(states: readonly KeyState[], now: number): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const state of states) {
    const health = keyHealth(state, now);
    const remaining = health.until ? Date.parse(health.until) - now : 0;
    let why: string | null = null;
    if (health.status === 'auth_failed') why = 'The provider refused this key';
    else if (health.status === 'disabled') why = 'Disabled';
    else if (health.status === 'exhausted') why = 'Daily quota used up';
    else if (
      (health.status === 'cooling' || health.status === 'partly_cooling') &&
      remaining > LONG_COOLDOWN_MS
    ) {
      why =
        health.status === 'cooling' ? 'Cooling down for a long time' : 'Some models cooling for a long time';
    }
    if (why) items.push({ state, health, why });
  }
  const rank: Partial<Record<EffectiveStatus, number>> = { auth_failed: 0, exhausted: 1, cooling: 2 };
  return items.sort((a, b) => (rank[a.health.status] ?? 3) - (rank[b.health.status] ?? 3));
}

export const STATUS_LABELS: Record<EffectiveStatus, string> = {
  ready: 'Ready',
  cooling: 'Cooling',
  partly_cooling: 'Partly cooling',
  exhausted: 'Quota used up',
  disabled: 'Disabled',
  auth_failed: 'Auth failed',
  unknown: 'Not loaded',
};

export const REASON_LABELS: Record<string, string> = {
  rate_limit: 'rate limited (429)',
  quota_exhausted: 'daily quota exhausted',
  billing: 'billing problem',
  auth: 'authentication refused',
  forbidden: 'access forbidden',
  model_not_found: 'model not found',
  bad_request: 'bad request',
  server: 'provider server errors',
  timeout: 'timeouts',
};

export function describeReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  return REASON_LABELS[reason] ?? reason.replaceAll('_', ' ');
}
