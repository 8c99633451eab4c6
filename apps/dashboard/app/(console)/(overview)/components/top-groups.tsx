import { BarList } from '@/components/charts/bar-list';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Money } from '@/components/ui/money';
import { errorRate, formatCount, formatMs, formatPercent } from '@/lib/format';
import { load } from '@/lib/load';
import { resolveNames } from '@/lib/names';
import { readUsage } from '@/lib/usage-api';
import { topByCost } from '../cost-series';
import type { OverviewRange } from '../overview-range';

const SHOWN = 6;

/** The month's costliest teams or models, with their traffic and latency. */
export async function TopGroups({ range, groupBy }: { range: OverviewRange; groupBy: 'team' | 'model' }) {
  const rows = await load(async () => {
    const usage = await readUsage({ groupBy, from: range.monthStart, to: range.end });
    const top = topByCost(usage.items, SHOWN);
    const names =
      groupBy === 'team'
        ? await resolveNames(
            'team',
            top.map((row) => row.group),
          )
        : null;
    return top.map((row) => ({ row, name: names?.get(row.group!) ?? row.group! }));
  });
  if (!rows.ok) return <ErrorPanel message={rows.error} />;
  if (rows.data.length === 0) {
    return <EmptyState title="No spend this month yet" />;
  }
  return (
    <BarList
      label={groupBy === 'team' ? 'Top teams by cost' : 'Top models by cost'}
      items={rows.data.map(({ row, name }) => ({
        key: row.group!,
        label: groupBy === 'model' ? <span className="font-mono text-xs">{name}</span> : name,
        value: row.costUsd,
        display: <Money usd={row.costUsd} />,
        detail: `${formatCount(row.requests)} requests · ${formatPercent(errorRate(row) ?? 0)} errors · ${formatCount(row.refusals)} refused · p95 ${formatMs(row.p95Ms)}`,
      }))}
    />
  );
}
