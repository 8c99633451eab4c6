import Link from 'next/link';
import { StackedBarChart, type ChartSeries } from '@/components/charts/stacked-bar-chart';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { addUtcDays } from '@/lib/dates';
import { load } from '@/lib/load';
import { resolveNames } from '@/lib/names';
import { readUsage } from '@/lib/usage-api';
import { costByDay, TOP_SERIES, topByCost, withOtherSeries } from '../cost-series';
import type { OverviewRange } from '../overview-range';

async function seriesByTeam(range: OverviewRange): Promise<ChartSeries[]> {
  const query = { from: range.chartStart, to: range.end };
  const [byTeam, byDay] = await Promise.all([
    readUsage({ ...query, groupBy: 'team' }),
    readUsage({ ...query, groupBy: 'day' }),
  ]);
  const top = topByCost(byTeam.items, TOP_SERIES);
  const [names, perTeam] = await Promise.all([
    resolveNames(
      'team',
      top.map((row) => row.group),
    ),
    Promise.all(top.map((row) => readUsage({ ...query, groupBy: 'day', teamId: row.group! }))),
  ]);
  const named = top.map((row, index) => ({
    key: row.group!,
    label: names.get(row.group!) ?? row.group!,
    values: costByDay(perTeam[index]!.items),
  }));
  return withOtherSeries(range.chartDays, named, costByDay(byDay.items));
}

/** The API has no model filter, so each day with spend is asked for its models. */
async function seriesByModel(range: OverviewRange): Promise<ChartSeries[]> {
  const query = { from: range.chartStart, to: range.end };
  const [byModel, byDay] = await Promise.all([
    readUsage({ ...query, groupBy: 'model' }),
    readUsage({ ...query, groupBy: 'day' }),
  ]);
  const top = topByCost(byModel.items, TOP_SERIES);
  const activeDays = byDay.items.filter((row) => row.group && row.costUsd > 0).map((row) => row.group!);
  const perDay = await Promise.all(
    activeDays.map((day) => {
      const from = new Date(`${day}T00:00:00Z`);
      return readUsage({ groupBy: 'model', from, to: addUtcDays(from, 1) });
    }),
  );
  const named = top.map((row) => {
    const values = new Map<string, number>();
    activeDays.forEach((day, index) => {
      const cost = perDay[index]!.items.find((item) => item.group === row.group)?.costUsd;
      if (cost) values.set(day, cost);
    });
    return { key: row.group!, label: row.group!, values };
  });
  return withOtherSeries(range.chartDays, named, costByDay(byDay.items));
}

export async function CostChart({ range }: { range: OverviewRange }) {
  const series = await load(() => (range.split === 'team' ? seriesByTeam(range) : seriesByModel(range)));
  if (!series.ok) return <ErrorPanel title="Could not load the cost chart" message={series.error} />;
  if (series.data.length === 0) {
    return (
      <EmptyState title="No spend in this period">
        Costs appear here within seconds of the first request through the gateway.
      </EmptyState>
    );
  }
  return (
    <StackedBarChart
      id="cost-chart"
      title={`Cost per day over the last ${range.days} days, by ${range.split}`}
      days={range.chartDays}
      series={series.data}
    />
  );
}

export function CostChartControls({ range }: { range: OverviewRange }) {
  const link = (split: string, days: number) => `/?split=${split}&days=${days}`;
  const pill = (active: boolean) =>
    `rounded-md px-2.5 py-1 text-xs font-medium transition focus-visible:outline-2 focus-visible:outline-signal-600 ${
      active
        ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-white'
        : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white'
    }`;
  return (
    <div className="flex flex-wrap gap-2">
      <nav aria-label="Split the chart by" className="flex rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">
        {(['team', 'model'] as const).map((split) => (
          <Link
            key={split}
            href={link(split, range.days)}
            aria-current={range.split === split ? 'true' : undefined}
            className={pill(range.split === split)}
          >
            By {split}
          </Link>
        ))}
      </nav>
      <nav aria-label="Chart period" className="flex rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">
        {([7, 14, 30] as const).map((days) => (
          <Link
            key={days}
            href={link(range.split, days)}
            aria-current={range.days === days ? 'true' : undefined}
            className={pill(range.days === days)}
          >
            {days} d
          </Link>
        ))}
      </nav>
    </div>
  );
}
