import Link from 'next/link';
import { Cost } from '@/components/ui/money';
import { linkStyle, tableStyles } from '@/components/ui/styles';
import { errorRate, formatCount, formatMs, formatPercent } from '@/lib/format';
import { sumUsd } from '@/lib/money';
import type { UsageGroup } from '@switchyard/contracts';
import type { UsageRow } from '@/lib/usage-api';

export interface NamedUsageRow extends UsageRow {
  /** One display name per dimension of the grouping, in its order. */
  names: string[];
  /** The row's key values, one per dimension. */
  keys: (string | null)[];
  /** The names joined, for charts. */
  name: string;
}

const GROUP_HEADING: Record<UsageGroup, string> = {
  day: 'Day (UTC)',
  team: 'Team',
  token: 'Token',
  key: 'Provider key',
  model: 'Model',
  user: 'User',
};

function GroupCell({ dimension, id, name }: { dimension: UsageGroup; id: string | null; name: string }) {
  if (dimension === 'team' && id) {
    return (
      <Link href={`/teams/${id}`} className={linkStyle}>
        {name}
      </Link>
    );
  }
  if (dimension === 'user' && id) {
    return (
      <Link href={`/usage/requests?user=${encodeURIComponent(id)}`} className={linkStyle}>
        {name}
      </Link>
    );
  }
  if (dimension === 'model') return <span className="font-mono text-xs">{name}</span>;
  return <>{name}</>;
}

export function UsageTable({ groupBy, rows }: { groupBy: UsageGroup[]; rows: NamedUsageRow[] }) {
  const totals = {
    requests: rows.reduce((sum, row) => sum + row.requests, 0),
    errors: rows.reduce((sum, row) => sum + row.errors, 0),
    refusals: rows.reduce((sum, row) => sum + row.refusals, 0),
    unpricedRequests: rows.reduce((sum, row) => sum + row.unpricedRequests, 0),
    promptTokens: rows.reduce((sum, row) => sum + row.promptTokens, 0),
    completionTokens: rows.reduce((sum, row) => sum + row.completionTokens, 0),
    costUsd: sumUsd(rows.map((row) => row.costUsd)),
  };
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table} data-testid="usage-table">
        <thead>
          <tr>
            {groupBy.map((dimension) => (
              <th key={dimension} scope="col" className={tableStyles.th}>
                {GROUP_HEADING[dimension]}
              </th>
            ))}
            <th scope="col" className={tableStyles.thNumeric}>
              Requests
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Errors
            </th>
            <th
              scope="col"
              className={tableStyles.thNumeric}
              title="Refused by a budget, a rate limit or the allow-list"
            >
              Refused
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Prompt tokens
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Completion tokens
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Cost
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              p50
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              p95
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {rows.map((row) => (
            <tr key={JSON.stringify(row.keys)} data-testid="usage-row">
              {groupBy.map((dimension, index) => (
                <th key={dimension} scope="row" className={`${tableStyles.td} text-left font-medium`}>
                  <GroupCell
                    dimension={dimension}
                    id={row.keys[index] ?? null}
                    name={row.names[index] ?? ''}
                  />
                </th>
              ))}
              <td className={tableStyles.tdNumeric}>{formatCount(row.requests)}</td>
              <td className={tableStyles.tdNumeric} data-testid="usage-errors">
                {formatCount(row.errors)}
                {errorRate(row) !== null ? (
                  <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">
                    ({formatPercent(errorRate(row)!)})
                  </span>
                ) : null}
              </td>
              <td className={tableStyles.tdNumeric} data-testid="usage-refusals">
                {formatCount(row.refusals)}
              </td>
              <td className={tableStyles.tdNumeric}>{formatCount(row.promptTokens)}</td>
              <td className={tableStyles.tdNumeric}>{formatCount(row.completionTokens)}</td>
              <td className={tableStyles.tdNumeric}>
                <Cost usd={row.costUsd} unpricedRequests={row.unpricedRequests} />
              </td>
              <td className={tableStyles.tdNumeric}>{formatMs(row.p50Ms)}</td>
              <td className={tableStyles.tdNumeric}>{formatMs(row.p95Ms)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t-2 border-zinc-200 dark:border-zinc-700">
          <tr>
            <th scope="row" colSpan={groupBy.length} className={`${tableStyles.td} text-left font-semibold`}>
              This page
            </th>
            <td className={`${tableStyles.tdNumeric} font-semibold`}>{formatCount(totals.requests)}</td>
            <td className={`${tableStyles.tdNumeric} font-semibold`}>{formatCount(totals.errors)}</td>
            <td className={`${tableStyles.tdNumeric} font-semibold`}>{formatCount(totals.refusals)}</td>
            <td className={`${tableStyles.tdNumeric} font-semibold`}>{formatCount(totals.promptTokens)}</td>
            <td className={`${tableStyles.tdNumeric} font-semibold`}>
              {formatCount(totals.completionTokens)}
            </td>
            <td className={`${tableStyles.tdNumeric} font-semibold`}>
              <Cost usd={totals.costUsd} unpricedRequests={totals.unpricedRequests} />
            </td>
            <td className={tableStyles.tdNumeric} colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
