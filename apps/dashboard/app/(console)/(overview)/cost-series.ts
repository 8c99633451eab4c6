import type { ChartSeries } from '@/components/charts/stacked-bar-chart';
import { subtractUsd, sumUsd } from '@/lib/money';
import type { UsageRow } from '@/lib/usage-api';

export const TOP_SERIES = 5;

/** The groups with the highest cost, highest first; rows without a group key cannot be broken out. */
export function topByCost(rows: readonly UsageRow[], count: number): UsageRow[] {
  return rows
    .filter((row) => row.group !== null && row.costUsd > 0)
    .sort((a, b) => b.costUsd - a.costUsd || String(a.group).localeCompare(String(b.group)))
    .slice(0, count);
}

/**
 * Adds an "Other" series holding what the named series do not cover on each day, so the columns always add up
 * to the day's total cost.
 */
export function withOtherSeries(
  days: readonly string[],
  named: ChartSeries[],
  dayTotals: ReadonlyMap<string, number>,
): ChartSeries[] {
  const other = new Map<string, number>();
  for (const day of days) {
    const covered = sumUsd(named.map((series) => series.values.get(day) ?? 0));
    const rest = subtractUsd(dayTotals.get(day) ?? 0, covered);
    if (rest > 0) other.set(day, rest);
  }
  return other.size > 0
    ? [...named, { key: '__other', label: 'Other', values: other, isOther: true }]
    : named;
}

export function costByDay(rows: readonly UsageRow[]): Map<string, number> {
  return new Map(rows.filter((row) => row.group !== null).map((row) => [row.group!, row.costUsd]));
}
