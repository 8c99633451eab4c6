const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const UNIT_ALIASES: Record<string, string> = {
  nanosecond: 'ns',
  microsecond: 'us',
  millisecond: 'ms',
  msec: 'ms',
  sec: 's',
  second: 's',
  min: 'm',
  minute: 'm',
  hr: 'h',
  hour: 'h',
};

// Longest alternatives first so that "ms" is not read as "m" followed by garbage.
const DURATION_PART =
  /(\d+(?:\.\d+)?)\s*(nanoseconds?|microseconds?|milliseconds?|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|ns|us|µs|ms|h|m|s)/gy;

export const DURATION_PATTERN_SOURCE =
  '\\d+(?:\\.\\d+)?\\s*(?:nanoseconds?|microseconds?|milliseconds?|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|ns|us|µs|ms|h|m|s)';

function unitToMs(unit: string): number | undefined {
  const lower = unit.toLowerCase();
  const singular = lower.length > 2 && lower.endsWith('s') ? lower.slice(0, -1) : lower;
  return UNIT_MS[lower] ?? UNIT_MS[UNIT_ALIASES[singular] ?? UNIT_ALIASES[lower] ?? ''];
}

/**
 * Reads durations the way providers write them: Go style ("6m0s", "1.5s", "20ms"),
 * protobuf JSON ("20s", "1.500s") and plain English ("20 seconds", "1 minute").
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let position = 0;
  let parts = 0;
  while (position < trimmed.length) {
    while (trimmed[position] === ' ') position += 1;
    if (position >= trimmed.length) break;
    DURATION_PART.lastIndex = position;
    const match = DURATION_PART.exec(trimmed);
    if (!match || match[1] === undefined || match[2] === undefined) return undefined;
    const unitMs = unitToMs(match[2]);
    if (unitMs === undefined) return undefined;
    total += Number(match[1]) * unitMs;
    position = DURATION_PART.lastIndex;
    parts += 1;
  }
  return parts > 0 && Number.isFinite(total) ? total : undefined;
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfterMs(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Reset headers come as a duration ("6m0s"), an RFC 3339 instant (Anthropic),
 * or a bare number: epoch milliseconds (OpenRouter), epoch seconds, or seconds from now.
 */
export function parseResetMs(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    const number = Number(trimmed);
    if (number >= 1e12) return Math.max(0, number - now);
    if (number >= 1e9) return Math.max(0, number * 1000 - now);
    return number * 1000;
  }
  const duration = parseDurationMs(trimmed);
  if (duration !== undefined) return duration;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
