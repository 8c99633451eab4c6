import type { HeaderBag } from './error-class.js';
import { parseResetMs } from './durations.js';

/** One rate-limit window the upstream reported on: requests, tokens, input-tokens, a per-day window… */
export interface RateLimitWindow {
  limit?: number;
  remaining?: number;
  /** Milliseconds from now until the window resets. */
  resetInMs?: number;
}

// OpenAI/Groq `x-ratelimit-remaining-requests`, OpenRouter `x-ratelimit-remaining`, IETF draft `ratelimit-reset`.
const GENERIC_HEADER = /^(?:x-)?ratelimit-(limit|remaining|reset)(?:-(.+))?$/;
// Anthropic `anthropic-ratelimit-input-tokens-remaining`.
const ANTHROPIC_HEADER = /^anthropic-ratelimit-(.+)-(limit|remaining|reset)$/;

/** Reads every rate-limit window in one pass over the headers, whatever their case. */
export function readRateLimitWindows(
  headers: HeaderBag | undefined,
  now: number,
): Map<string, RateLimitWindow> {
  const windows = new Map<string, RateLimitWindow>();
  if (!headers) return windows;
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (!lower.includes('ratelimit')) continue;
    let kind: string | undefined;
    let dimension: string;
    const generic = GENERIC_HEADER.exec(lower);
    if (generic) {
      kind = generic[1];
      dimension = generic[2] ?? '';
    } else {
      const anthropic = ANTHROPIC_HEADER.exec(lower);
      if (!anthropic) continue;
      kind = anthropic[2];
      dimension = anthropic[1] ?? '';
    }
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const window = windows.get(dimension) ?? {};
    if (kind === 'remaining' || kind === 'limit') {
      const number = Number(value);
      if (value.trim() !== '' && Number.isFinite(number)) window[kind] = number;
    } else {
      const resetInMs = parseResetMs(value, now);
      if (resetInMs !== undefined) window.resetInMs = resetInMs;
    }
    windows.set(dimension, window);
  }
  return windows;
}

export interface ExhaustedWindows {
  /** The latest reset among the windows with nothing left, when they said when. */
  resetInMs?: number;
}

/** Whether any window has nothing left, so the next request would be refused. */
export function findExhaustedWindows(windows: Map<string, RateLimitWindow>): ExhaustedWindows | undefined {
  let exhausted: ExhaustedWindows | undefined;
  for (const window of windows.values()) {
    if (window.remaining === undefined || window.remaining > 0) continue;
    exhausted ??= {};
    if (window.resetInMs !== undefined)
      exhausted.resetInMs = Math.max(exhausted.resetInMs ?? 0, window.resetInMs);
  }
  return exhausted;
}
