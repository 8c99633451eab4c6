const DAY_MS = 86_400_000;

const RESET_PATTERN = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Milliseconds after UTC midnight at which a daily quota resets, from "HH:MM". */
export function parseResetTimeUtc(value: string | null | undefined): number {
  if (value == null || value === '') return 0;
  const match = RESET_PATTERN.exec(value.trim());
  if (!match) throw new RangeError(`Quota reset time must be "HH:MM" in UTC, got "${value}"`);
  return (Number(match[1]) * 60 + Number(match[2])) * 60_000;
}

/** The start of the daily quota period that contains `now`. */
export function quotaPeriodStart(now: number, resetOffsetMs: number): number {
  return Math.floor((now - resetOffsetMs) / DAY_MS) * DAY_MS + resetOffsetMs;
}

/** The next time the daily quota resets after `now`. */
export function nextQuotaReset(now: number, resetOffsetMs: number): number {
  return quotaPeriodStart(now, resetOffsetMs) + DAY_MS;
}
