import type { RateLimitWindow } from './rate-limit-headers.js';

/** One provider-side limit window as the upstream last described it. */
export interface LimitWindow {
  /** `requests`, `tokens`, `input-tokens`, `output-tokens`, or the provider's own name for the window. */
  name: string;
  limit: number | null;
  remaining: number | null;
  /** Epoch ms when the window resets, when the upstream said. */
  resetAt: number | null;
}

/** The rate-limit headers of the last answer that carried any, for one key. */
export interface SeenLimits {
  /** Epoch ms the answer arrived. */
  seenAt: number;
  /** The model of the call that answered: providers count some windows per model. */
  model: string;
  windows: LimitWindow[];
}

/** What `readRateLimitWindows` found, as a key's last seen limits; undefined when the answer had none. */
export function toSeenLimits(
  windows: Map<string, RateLimitWindow>,
  model: string,
  now: number,
): SeenLimits | undefined {
  if (windows.size === 0) return undefined;
  return {
    seenAt: now,
    model,
    windows: [...windows].map(([dimension, window]) => ({
      // OpenRouter's and the IETF draft's unnamed window counts requests.
      name: dimension || 'requests',
      limit: window.limit ?? null,
      remaining: window.remaining ?? null,
      resetAt: window.resetInMs === undefined ? null : now + window.resetInMs,
    })),
  };
}

/** The later of two sightings. */
export function latestLimits(
  a: SeenLimits | null | undefined,
  b: SeenLimits | null | undefined,
): SeenLimits | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.seenAt > a.seenAt ? b : a;
}
