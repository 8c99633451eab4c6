import type { ClassifiedError, ErrorClass } from './error-class.js';
import { escalationStep, type CooldownPolicy } from './cooldown-policy.js';
import type { KeyRecord, KeySlot } from './key-state.js';

/** What a failure does to the pool's state. */
export type CooldownDecision =
  | { kind: 'none' }
  | { kind: 'cool'; scope: 'key_model' | 'key'; until: number; reason: ErrorClass }
  | { kind: 'disable'; reason: ErrorClass };

const NO_COOLDOWN: CooldownDecision = { kind: 'none' };

function cappedHint(classified: ClassifiedError, policy: CooldownPolicy): number | undefined {
  const hint = classified.retryAfterMs;
  return hint === undefined ? undefined : Math.min(hint, policy.maxHintMs);
}

/**
 * Applies the escalation rules for one classified failure to the key × model and key state (levels, breaker)
 * and says how long to rest. The upstream's own hint wins when it gave one; otherwise the class escalates.
 */
export function decideCooldown(
  classified: ClassifiedError,
  slot: KeySlot,
  key: KeyRecord,
  policy: CooldownPolicy,
  now: number,
): CooldownDecision {
  const hint = cappedHint(classified, policy);
  const reason = classified.errorClass;
  switch (reason) {
    case 'rate_limit': {
      slot.rateLimitLevel += 1;
      const duration = hint ?? escalationStep(policy.rateLimitMs, slot.rateLimitLevel);
      return { kind: 'cool', scope: 'key_model', until: now + duration, reason };
    }
    case 'quota_exhausted': {
      // A per-day window: the key's own reset is the least it will take; a later upstream hint is believed.
      const until = Math.max(key.nextQuotaReset(now), now + (hint ?? 0));
      return { kind: 'cool', scope: 'key_model', until, reason };
    }
    case 'billing': {
      key.billingLevel += 1;
      const duration = hint ?? escalationStep(policy.billingMs, key.billingLevel);
      return { kind: 'cool', scope: 'key', until: now + duration, reason };
    }
    case 'auth':
    case 'forbidden':
      return { kind: 'disable', reason };
    case 'model_not_found': {
      slot.modelNotFoundLevel += 1;
      const duration = hint ?? escalationStep(policy.modelNotFoundMs, slot.modelNotFoundLevel);
      return { kind: 'cool', scope: 'key_model', until: now + duration, reason };
    }
    case 'server':
    case 'timeout': {
      const opened = slot.breaker.recordFailure(now, policy.breaker);
      if (hint !== undefined) {
        const duration = opened ? Math.max(hint, policy.breaker.openMs) : hint;
        return { kind: 'cool', scope: 'key_model', until: now + duration, reason };
      }
      return opened
        ? { kind: 'cool', scope: 'key_model', until: now + policy.breaker.openMs, reason }
        : NO_COOLDOWN;
    }
    case 'bad_request':
      return NO_COOLDOWN;
  }
}

/** A success forgives: escalation steps go back down and the breaker forgets a failure. */
export function forgiveOnSuccess(slot: KeySlot, key: KeyRecord, policy: CooldownPolicy): void {
  const decay = policy.successDecay;
  slot.rateLimitLevel = Math.max(0, slot.rateLimitLevel - decay);
  slot.modelNotFoundLevel = Math.max(0, slot.modelNotFoundLevel - decay);
  key.billingLevel = Math.max(0, key.billingLevel - decay);
  slot.breaker.recordSuccess(decay);
}
