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
import { GROUP_FIELD, type UsageGroup } from '@switchyard/contracts';
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

const NAMED_KINDS = { team: 'team', token: 'token', key: 'key' } as const;

async function withNames(groupBy: UsageGroup[], rows: UsageRow[]): Promise<NamedUsageRow[]> {
  const keysOf = (row: UsageRow) => groupBy.map((dimension) => row[GROUP_FIELD[dimension]] ?? null);
  const names = await Promise.all(
    groupBy.map((dimension, index) => {
      const kind = NAMED_KINDS[dimension as keyof typeof NAMED_KINDS];
      return kind
        ? resolveNames(
            kind,
            rows.map((row) => keysOf(row)[index] ?? null),
          )
        : null;
    }),
  );
  return rows.map((row) => {
    const keys = keysOf(row);
    const rowNames = groupBy.map((dimension, index) => {
      const key = keys[index] ?? null;
      if (key === null) return `No ${GROUP_NOUN[dimension]}`;
      if (dimension === 'day') return formatShortDay(key);
      return names[index]?.get(key) ?? key;
    });
    return { ...row, keys, names: rowNames, name: rowNames.join(' · ') };
  });
}

export async function UsageView({
  filters,
  canGroupByKey,
}: {
  filters: UsageFilters;
  canGroupByKey: boolean;
}) {
  if (filters.groupBy.includes('key') && !canGroupByKey) {
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
      user: filters.user,
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
            title={`Cost by ${groupNoun(filters.groupBy)}`}
            description={filters.cursor ? 'This page of results.' : undefined}
          >
            <UsageChart groupBy={filters.groupBy} rows={result.data.rows} filters={filters} />
          </Panel>
          <Panel id="usage-table" title={`Usage by ${groupNoun(filters.groupBy)}`} flush>
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

const groupNoun = (groupBy: UsageGroup[]) => groupBy.map((dimension) => GROUP_NOUN[dimension]).join(' × ');

function UsageChart({
  groupBy,
  rows,
  filters,
}: {
  groupBy: UsageGroup[];
  rows: NamedUsageRow[];
  filters: UsageFilters;
}) {
  if (groupBy.length === 1 && groupBy[0] === 'day') {
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
      label={`Cost by ${groupNoun(groupBy)}`}
      items={top.map((row) => ({
        key: JSON.stringify(row.keys),
        label: groupBy.includes('model') ? <span className="font-mono text-xs">{row.name}</span> : row.name,
        value: row.costUsd,
        display: <Money usd={row.costUsd} />,
      }))}
    />
  );
}
