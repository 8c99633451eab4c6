import { ErrorPanel } from '@/components/ui/error-panel';
import { Money } from '@/components/ui/money';
import { Stat } from '@/components/ui/stat';
import { utcDay } from '@/lib/dates';
import { errorRate, formatCount, formatDate, formatMs, formatPercent } from '@/lib/format';
import { load } from '@/lib/load';
import { sumUsd } from '@/lib/money';
import { readUsage } from '@/lib/usage-api';
import type { OverviewRange } from '../overview-range';

/** Today and month to date, from the per-day rollups of this month (at most 31 rows). */
export async function HeadlineStats({ range }: { range: OverviewRange }) {
  const month = await load(() => readUsage({ groupBy: 'day', from: range.monthStart, to: range.end }));
  if (!month.ok) return <ErrorPanel title="Could not load spend" message={month.error} />;

  const today = month.data.items.find((row) => row.group === utcDay(range.todayStart));
  const monthCost = sumUsd(month.data.items.map((row) => row.costUsd));
  const monthRequests = month.data.items.reduce((sum, row) => sum + row.requests, 0);
  const requests = today?.requests ?? 0;
  const errors = today?.errors ?? 0;
  const refusals = today?.refusals ?? 0;
  const rate = errorRate({ requests, errors, refusals });

  return (
    <dl className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Stat label="Spend today" value={<Money usd={today?.costUsd ?? 0} />} testId="stat-spend-today">
        Since 00:00 UTC
      </Stat>
      <Stat label="Month to date" value={<Money usd={monthCost} />} testId="stat-spend-month">
        Since {formatDate(range.monthStart.toISOString())} · {formatCount(monthRequests)} requests
      </Stat>
      <Stat label="Requests today" value={formatCount(requests)} testId="stat-requests">
        {requests > 0
          ? `${rate === null ? 'no' : formatPercent(rate)} upstream errors (${formatCount(errors)}) · ${formatCount(refusals)} refused by policy`
          : 'No traffic yet today'}
      </Stat>
      <Stat
        label="Latency today"
        value={
          <span>
            {formatMs(today?.p50Ms)}
            <span className="text-base font-medium text-zinc-500 dark:text-zinc-400"> p50</span>
          </span>
        }
        testId="stat-latency"
      >
        p95 {formatMs(today?.p95Ms)} · end to end, upstream included
      </Stat>
    </dl>
  );
}
