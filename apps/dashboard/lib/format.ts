const compactUsdFormatter = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

const countFormatter = new Intl.NumberFormat('en-US');
const compactCountFormatter = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** The one money format of the console, shared with the CLI: exact to the micro-dollar (see @switchyard/contracts). */
export { formatUsd } from '@switchyard/contracts';

/** Errors as a share of the requests that reached an upstream: refusals by policy are no errors of it. */
export function errorRate(row: { requests: number; errors: number; refusals: number }): number | null {
  const served = row.requests - row.refusals;
  return served > 0 ? row.errors / served : null;
}

/** Chart axes: as many decimals as the tick step needs (tiny demo costs included), compact above $1000. */
export function formatUsdAxis(usd: number, step: number): string {
  if (Math.abs(usd) >= 1000) return compactUsdFormatter.format(usd);
  const decimals = step > 0 ? Math.min(6, Math.max(2, Math.ceil(-Math.log10(step) - 1e-9))) : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(usd);
}

const priceFormatter = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});

/** A unit price such as USD per million tokens: at least cents, every significant decimal kept. */
export function formatPrice(usd: number): string {
  return priceFormatter.format(usd);
}

export function formatCount(value: number): string {
  return countFormatter.format(value);
}

export function formatCountCompact(value: number): string {
  return compactCountFormatter.format(value);
}

export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${countFormatter.format(Math.round(ms))} ms`;
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** Seconds as `1h 02m`, `4m 05s` or `42s`, for countdowns. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(rest)}s`;
  return `${rest}s`;
}

const dateTimeFormatter = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

const dateFormatter = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

const shortDayFormatter = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Timestamps are shown in UTC, the zone usage days and budget periods are counted in. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormatter.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormatter.format(date);
}

/** `2026-11-22` → `22 Nov`. */
export function formatShortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : shortDayFormatter.format(date);
}

export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'never';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now.getTime() - then) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const phrase =
    abs < 45
      ? 'moments'
      : abs < 90 * 60
        ? `${Math.max(1, Math.round(abs / 60))} min`
        : abs < 36 * 3600
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86400)} d`;
  if (phrase === 'moments') return future ? 'in moments' : 'just now';
  return future ? `in ${phrase}` : `${phrase} ago`;
}
