import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Cost } from '@/components/ui/money';
import { Panel } from '@/components/ui/panel';
import { linkStyle, tableStyles } from '@/components/ui/styles';
import { addUtcDays, startOfUtcDay } from '@/lib/dates';
import { formatCount } from '@/lib/format';
import { load } from '@/lib/load';
import { readUsage } from '@/lib/usage-api';

const DAYS = 30;
const TOP = 10;

/** Who spends this team's tokens: the people its requests named, by cost over the last 30 days. */
export async function TeamTopUsers({ teamId }: { teamId: string }) {
  const today = startOfUtcDay(new Date());
  const usage = await load(() =>
    readUsage({ groupBy: 'user', from: addUtcDays(today, -(DAYS - 1)), to: addUtcDays(today, 1), teamId }),
  );
  const link = (
    <Link href={`/usage?groupBy=user&teamId=${teamId}`} className={`${linkStyle} text-xs`}>
      All users
    </Link>
  );
  if (!usage.ok) {
    return (
      <Panel id="team-top-users" title="Top users" actions={link}>
        <ErrorPanel message={usage.error} />
      </Panel>
    );
  }
  const top = [...usage.data.items].sort((a, b) => b.costUsd - a.costUsd).slice(0, TOP);
  return (
    <Panel id="team-top-users" title={`Top users, last ${DAYS} days`} actions={link} flush>
      {top.length === 0 ? (
        <EmptyState title="No usage in the last 30 days" />
      ) : (
        <div className={tableStyles.wrapper}>
          <table className={tableStyles.table} data-testid="team-top-users">
            <thead>
              <tr>
                <th scope="col" className={tableStyles.th}>
                  User
                </th>
                <th scope="col" className={tableStyles.thNumeric}>
                  Requests
                </th>
                <th scope="col" className={tableStyles.thNumeric}>
                  Cost
                </th>
              </tr>
            </thead>
            <tbody className={tableStyles.body}>
              {top.map((row) => (
                <tr key={row.user ?? 'none'}>
                  <th scope="row" className={`${tableStyles.td} text-left font-normal`}>
                    {row.user ? (
                      <Link
                        href={`/usage/requests?teamId=${teamId}&user=${encodeURIComponent(row.user)}`}
                        className={linkStyle}
                      >
                        {row.user}
                      </Link>
                    ) : (
                      'No user named'
                    )}
                  </th>
                  <td className={tableStyles.tdNumeric}>{formatCount(row.requests)}</td>
                  <td className={tableStyles.tdNumeric}>
                    <Cost usd={row.costUsd} unpricedRequests={row.unpricedRequests} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
