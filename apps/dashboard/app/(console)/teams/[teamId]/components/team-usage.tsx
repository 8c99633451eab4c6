import { StackedBarChart } from '@/components/charts/stacked-bar-chart';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Cost } from '@/components/ui/money';
import { Panel } from '@/components/ui/panel';
import { linkStyle, tableStyles } from '@/components/ui/styles';
import { addUtcDays, daysBetween, startOfUtcDay, utcDay } from '@/lib/dates';
import { formatCount, formatMs } from '@/lib/format';
import { load } from '@/lib/load';
import { readUsage } from '@/lib/usage-api';
import Link from 'next/link';

const DAYS = 30;

/** The last 30 days of this team: cost per day, and per model. */
export async function TeamUsage({ teamId }: { teamId: string }) {
  const today = startOfUtcDay(new Date());
  const from = addUtcDays(today, -(DAYS - 1));
  const to = addUtcDays(today, 1);
  const usage = await load(() =>
    Promise.all([
      readUsage({ groupBy: 'day', from, to, teamId }),
      readUsage({ groupBy: 'model', from, to, teamId }),
    ]),
  );
  const link = (
    <Link href={`/usage?groupBy=model&teamId=${teamId}`} className={`${linkStyle} text-xs`}>
      Explore usage
    </Link>
  );
  if (!usage.ok) {
    return (
      <Panel id="team-usage" title={`Usage, last ${DAYS} days`} actions={link}>
        <ErrorPanel message={usage.error} />
      </Panel>
    );
  }
  const [byDay, byModel] = usage.data;
  const models = [...byModel.items].sort((a, b) => b.costUsd - a.costUsd);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Panel id="team-usage-days" title={`Cost per day, last ${DAYS} days`} actions={link}>
        {byDay.items.length === 0 ? (
          <EmptyState title="No usage in the last 30 days" />
        ) : (
          <StackedBarChart
            id="team-cost"
            size="compact"
            title="Cost per day"
            days={daysBetween(utcDay(from), utcDay(today))}
            series={[
              {
                key: 'cost',
                label: 'Cost',
                values: new Map(byDay.items.map((row) => [row.group ?? '', row.costUsd])),
              },
            ]}
          />
        )}
      </Panel>
      <Panel id="team-usage-models" title={`By model, last ${DAYS} days`} flush>
        {models.length === 0 ? (
          <EmptyState title="No usage in the last 30 days" />
        ) : (
          <div className={tableStyles.wrapper}>
            <table className={tableStyles.table}>
              <thead>
                <tr>
                  <th scope="col" className={tableStyles.th}>
                    Model
                  </th>
                  <th scope="col" className={tableStyles.thNumeric}>
                    Requests
                  </th>
                  <th scope="col" className={tableStyles.thNumeric}>
                    Errors
                  </th>
                  <th scope="col" className={tableStyles.thNumeric}>
                    Refused
                  </th>
                  <th scope="col" className={tableStyles.thNumeric}>
                    Cost
                  </th>
                  <th scope="col" className={tableStyles.thNumeric}>
                    p95
                  </th>
                </tr>
              </thead>
              <tbody className={tableStyles.body}>
                {models.map((row) => (
                  <tr key={row.group ?? 'none'}>
                    <th scope="row" className={`${tableStyles.td} text-left font-mono text-xs font-normal`}>
                      {row.group ?? '—'}
                    </th>
                    <td className={tableStyles.tdNumeric}>{formatCount(row.requests)}</td>
                    <td className={tableStyles.tdNumeric}>{formatCount(row.errors)}</td>
                    <td className={tableStyles.tdNumeric}>{formatCount(row.refusals)}</td>
                    <td className={tableStyles.tdNumeric}>
                      <Cost usd={row.costUsd} unpricedRequests={row.unpricedRequests} />
                    </td>
                    <td className={tableStyles.tdNumeric}>{formatMs(row.p95Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {byModel.nextCursor ? (
              <p className="border-t border-zinc-100 px-5 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
                More models on the{' '}
                <Link href={`/usage?groupBy=model&teamId=${teamId}`} className={linkStyle}>
                  Usage page
                </Link>
                .
              </p>
            ) : null}
          </div>
        )}
      </Panel>
    </div>
  );
}
