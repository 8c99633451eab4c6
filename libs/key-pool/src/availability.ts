import type { ExclusionTest } from './exclusion.js';
import type { ModelGroup } from './model-group.js';
import type { NoKeyReason, UnavailableReason } from './pool-errors.js';

export type Availability =
  { kind: 'none'; reason: NoKeyReason } | { kind: 'later'; reason: UnavailableReason; retryAt: number };

/**
 * Why no key could be picked, and when one is expected back. Only runs when a pick failed; it walks the route's
 * keys, so callers cache its answer while the ready heaps are unchanged.
 */
export function assessAvailability(
  groups: readonly (ModelGroup | undefined)[],
  isExcluded: ExclusionTest | undefined,
  now: number,
  busyRetryAfterMs: number,
): Availability {
  let candidates = 0;
  let excluded = 0;
  let busy = false;
  let exhausted = false;
  let earliestRest = Infinity;
  for (const group of groups) {
    if (!group) continue;
    for (const slot of group.slots.values()) {
      const key = slot.key;
      if (key.removed) continue;
      candidates += 1;
      if (isExcluded?.(slot)) {
        excluded += 1;
        continue;
      }
      if (key.isDisabled) continue;
      const restUntil = Math.max(slot.cooldownUntil, key.cooldownUntil, key.exhaustedUntil);
      if (restUntil > now) {
        if (restUntil < earliestRest) {
          earliestRest = restUntil;
          exhausted =
            restUntil === key.exhaustedUntil ||
            (restUntil === key.cooldownUntil && key.cooldownReason === 'quota_exhausted') ||
            (restUntil === slot.cooldownUntil && slot.cooldownReason === 'quota_exhausted');
        }
      } else {
        busy = true;
      }
    }
  }
  if (busy) return { kind: 'later', reason: 'busy', retryAt: Math.min(earliestRest, now + busyRetryAfterMs) };
  if (earliestRest !== Infinity)
    return { kind: 'later', reason: exhausted ? 'exhausted' : 'cooling', retryAt: earliestRest };
  if (candidates === 0) return { kind: 'none', reason: 'no_key' };
  return { kind: 'none', reason: excluded > 0 ? 'all_excluded' : 'all_disabled' };
}
