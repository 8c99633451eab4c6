import type { HeaderBag } from './error-class.js';
import { DURATION_PATTERN_SOURCE, parseDurationMs, parseRetryAfterMs } from './durations.js';
import { readHeader } from './headers.js';
import type { ProviderErrorFacts } from './provider-error.js';
import { findExhaustedWindows, readRateLimitWindows } from './rate-limit-headers.js';

// "Please try again in 6m0s.", "Please retry in 3.5s", "retry after 30 seconds"
const RETRY_TEXT = new RegExp(
  `(?:try again|retry)\\s+(?:in|after)\\s+((?:${DURATION_PATTERN_SOURCE}\\s*)+)`,
  'i',
);

function explicitHeaderHint(headers: HeaderBag | undefined, now: number): number | undefined {
  const retryAfterMs = readHeader(headers, 'retry-after-ms');
  if (retryAfterMs !== undefined && Number.isFinite(Number(retryAfterMs))) return Number(retryAfterMs);
  const retryAfter = readHeader(headers, 'retry-after');
  return retryAfter === undefined ? undefined : parseRetryAfterMs(retryAfter, now);
}

function bodyHint(facts: ProviderErrorFacts): number | undefined {
  if (facts.retryDelay !== undefined) {
    const parsed = parseDurationMs(facts.retryDelay);
    if (parsed !== undefined) return parsed;
  }
  const match = RETRY_TEXT.exec(facts.message);
  return match?.[1] !== undefined ? parseDurationMs(match[1]) : undefined;
}

/**
 * The upstream's own word on when to try again: `Retry-After`, then the body (Gemini `retryDelay`, "try again in 20s"),
 * then, for rate limits only, the reset of the window that ran out. Reset headers of windows with requests left are
 * sent on every answer and say nothing about this failure, so they are not hints.
 */
export function upstreamRetryHint(
  headers: HeaderBag | undefined,
  facts: ProviderErrorFacts,
  now: number,
  isRateLimit: boolean,
): number | undefined {
  let hint = explicitHeaderHint(headers, now) ?? bodyHint(facts);
  if (hint === undefined && isRateLimit) {
    hint =
      findExhaustedWindows(readRateLimitWindows(headers, now))?.resetInMs ??
      findExhaustedWindows(readRateLimitWindows(facts.embeddedHeaders, now))?.resetInMs;
  }
  return hint !== undefined && Number.isFinite(hint) && hint >= 0 ? Math.ceil(hint) : undefined;
}
