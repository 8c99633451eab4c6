import { z } from 'zod';
import { addUtcDays, isIsoDay, startOfUtcDay, utcDay } from '@/lib/dates';
import { firstParam, type SearchParams } from '@/lib/url';
import { parseUsageGroups, type UsageGroup } from '@switchyard/contracts';

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

export interface UsageFilters {
  /** One to three dimensions: one row per combination. */
  groupBy: UsageGroup[];
  user?: string;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  teamId?: string;
  cursor?: string;
  /** Set when the URL asked for something unusable; the defaults were used instead. */
  problem?: string;
}

/** Filters from the URL. Bad values fall back to the defaults, with a note saying which. */
export function parseUsageFilters(params: SearchParams, now: Date = new Date()): UsageFilters {
  const today = utcDay(startOfUtcDay(now));
  const defaultFrom = utcDay(addUtcDays(startOfUtcDay(now), -(DEFAULT_RANGE_DAYS - 1)));
  const problems: string[] = [];

  // The form sends one `groupBy` per dimension chosen; a link may send them as one comma list.
  const requestedGroup = [params.groupBy ?? []]
    .flat()
    .filter((value) => value !== '')
    .join(',');
  const parsedGroups = requestedGroup ? parseUsageGroups(requestedGroup) : (['day'] as UsageGroup[]);
  const groupBy = Array.isArray(parsedGroups) ? parsedGroups : (['day'] as UsageGroup[]);
  if (!Array.isArray(parsedGroups)) problems.push(`grouping: ${parsedGroups.problem}`);

  const day = (name: 'from' | 'to', fallback: string) => {
    const value = firstParam(params, name);
    if (!value) return fallback;
    if (isIsoDay(value)) return value;
    problems.push(`"${value}" is not a date`);
    return fallback;
  };
  let from = day('from', defaultFrom);
  let to = day('to', today);
  if (from > to) {
    problems.push('the start date was after the end date');
    [from, to] = [to, from];
  }
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (span > MAX_RANGE_DAYS) {
    problems.push(`a range is at most ${MAX_RANGE_DAYS} days`);
    from = utcDay(addUtcDays(new Date(`${to}T00:00:00Z`), -(MAX_RANGE_DAYS - 1)));
  }

  const teamId = z.uuid().safeParse(firstParam(params, 'teamId'));
  const cursor = z.string().min(1).max(4096).safeParse(firstParam(params, 'cursor'));
  const user = z.string().trim().min(1).max(200).safeParse(firstParam(params, 'user'));
  return {
    groupBy,
    user: user.success ? user.data : undefined,
    from,
    to,
    teamId: teamId.success ? teamId.data : undefined,
    cursor: cursor.success ? cursor.data : undefined,
    problem: problems.length ? `Showing defaults: ${problems.join('; ')}.` : undefined,
  };
}

/** The API takes instants; the end day is included, so the range ends at the next midnight. */
export function usageInstants(filters: UsageFilters): { from: Date; to: Date } {
  return {
    from: new Date(`${filters.from}T00:00:00Z`),
    to: addUtcDays(new Date(`${filters.to}T00:00:00Z`), 1),
  };
}

export function usageParams(filters: UsageFilters, overrides: Partial<UsageFilters> = {}) {
  const merged = { ...filters, ...overrides };
  return {
    groupBy: merged.groupBy.join(','),
    user: merged.user,
    from: merged.from,
    to: merged.to,
    teamId: merged.teamId,
    cursor: merged.cursor,
  };
}
