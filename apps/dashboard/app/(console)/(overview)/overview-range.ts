import { addUtcDays, daysBetween, startOfUtcDay, startOfUtcMonth, utcDay } from '@/lib/dates';
import { firstParam, type SearchParams } from '@/lib/url';

export type CostSplit = 'team' | 'model';
export const CHART_DAYS = [7, 14, 30] as const;
export type ChartDays = (typeof CHART_DAYS)[number];

export interface OverviewRange {
  now: Date;
  todayStart: Date;
  monthStart: Date;
  /** Exclusive end: the start of tomorrow, UTC. */
  end: Date;
  chartStart: Date;
  chartDays: string[];
  split: CostSplit;
  days: ChartDays;
}

export function overviewRange(params: SearchParams, now: Date = new Date()): OverviewRange {
  const split: CostSplit = firstParam(params, 'split') === 'model' ? 'model' : 'team';
  const requestedDays = Number(firstParam(params, 'days'));
  const days: ChartDays = (CHART_DAYS as readonly number[]).includes(requestedDays)
    ? (requestedDays as ChartDays)
    : 14;
  const todayStart = startOfUtcDay(now);
  const chartStart = addUtcDays(todayStart, -(days - 1));
  return {
    now,
    todayStart,
    monthStart: startOfUtcMonth(now),
    end: addUtcDays(todayStart, 1),
    chartStart,
    chartDays: daysBetween(utcDay(chartStart), utcDay(todayStart)),
    split,
    days,
  };
}
