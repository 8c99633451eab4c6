import { BarList } from '@/components/charts/bar-list';
import { StackedBarChart } from '@/components/charts/stacked-bar-chart';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Money } from '@/components/ui/money';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { daysBetween } from '@/lib/dates';
import { formatShortDay } from '@/lib/format';
import { load } from '@/lib/load';
import { resolveNames } from '@/lib/names';
import { hrefWith } from '@/lib/url';
import { readUsage } from '@/lib/usage-api';
import { UsageTable, type NamedUsageRow } from './components/usage-table';
import { usageInstants, usageParams, type UsageFilters } from './filters';
import type { UsageGroup } from '@switchyard/contracts';
import type { UsageRow } from '@/lib/usage-api';

export const PAGE_SIZE = 50;

const GROUP_NOUN: Record<UsageGroup, string> = {
  day: 'day',
  team: 'team',
  token: 'token',
  key: 'provider key',
  model: 'model',
  user: 'user',
};

async function withNames(groupBy: UsageGroup, rows: UsageRow[]): Promise<NamedUsageRow[]> {
  const kind = groupBy === 'team' ? 'team' : groupBy === 'token' ? 'token' : groupBy === 'key' ? 'key' : null;
  const names = kind
    ? await resolveNames(
        kind,
        rows.map((row) => row.group),
      )
    : null;
  return rows.map((row) => ({
    ...row,
    name:
      row.group === null
        ? `No ${GROUP_NOUN[groupBy]}`
        : groupBy === 'day'
          ? formatShortDay(row.group)
          : (names?.get(row.group) ?? row.group),
  }));
}

export async function UsageView({
  filters,
  canGroupByKey,
}: {
  filters: UsageFilters;
  canGroupByKey: boolean;
}) {
  if (filters.groupBy === 'key' && !canGroupByKey) {
    return (
      <ErrorPanel
        title="Not available to your role"
        message="Usage by provider key is visible to organisation roles only."
      />
    );
  }
  const result = await load(async () => {
    const page = await readUsage({
      ...usageInstants(filters),
      groupBy: filters.groupBy,
      teamId: filters.teamId,
      cursor: filters.cursor,
      limit: PAGE_SIZE,
    });
    return { rows: await withNames(filters.groupBy, page.items), nextCursor: page.nextCursor };
  });

  return (
    <div className="space-y-6">
      {filters.problem ? (
        <p
          role="status"
          className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
        >
          {filters.problem}
        </p>
      ) : null}
      {!result.ok ? (
        <ErrorPanel title="Could not load usage" message={result.error} />
      ) : result.data.rows.length === 0 ? (
        <Panel id="usage-empty" title="No usage">
          <EmptyState title="Nothing in this range">
            No request went through the gateway {filters.teamId ? 'for this team ' : ''}between{' '}
            {formatShortDay(filters.from)} and {formatShortDay(filters.to)}. Usage shows up within seconds of
            a request.
          </EmptyState>
        </Panel>
      ) : (
        <>
          <Panel
            id="usage-chart"
            title={`Cost by ${GROUP_NOUN[filters.groupBy]}`}
            description={filters.cursor ? 'This page of results.' : undefined}
          >
            <UsageChart groupBy={filters.groupBy} rows={result.data.rows} filters={filters} />
          </Panel>
          <Panel id="usage-table" title={`Usage by ${GROUP_NOUN[filters.groupBy]}`} flush>
            <UsageTable groupBy={filters.groupBy} rows={result.data.rows} />
            <Pager
              label="Usage pages"
              isFirstPage={!filters.cursor}
              firstHref={hrefWith('/usage', usageParams(filters, { cursor: undefined }))}
              nextHref={
                result.data.nextCursor
                  ? hrefWith('/usage', usageParams(filters, { cursor: result.data.nextCursor }))
                  : null
              }
            />
          </Panel>
        </>
      )}
    </div>
  );
}

function UsageChart({
  groupBy,
  rows,
  filters,
}: {
  groupBy: UsageGroup;
  rows: NamedUsageRow[];
  filters: UsageFilters;
}) {
  if (groupBy === 'day') {
    const values = new Map(rows.filter((row) => row.group).map((row) => [row.group!, row.costUsd]));
    const days = filters.cursor ? [...values.keys()] : daysBetween(filters.from, filters.to);
    return (
      <StackedBarChart
        id="usage-cost"
        title="Cost per day"
        days={days}
        series={[{ key: 'cost', label: 'Cost', values }]}
      />
    );
  }
  const top = [...rows].sort((a, b) => b.costUsd - a.costUsd).slice(0, 10);
  return (
    <BarList
      label={`Cost by ${GROUP_NOUN[groupBy]}`}
      items={top.map((row) => ({
        key: row.group ?? 'none',
        label: groupBy === 'model' ? <span className="font-mono text-xs">{row.name}</span> : row.name,
        value: row.costUsd,
        display: <Money usd={row.costUsd} />,
      }))}
    />
  );
}
