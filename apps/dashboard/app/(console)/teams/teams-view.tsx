import Link from 'next/link';
import { SpendMeter } from '@/components/charts/spend-meter';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { linkStyle, tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatCount, formatDate } from '@/lib/format';
import { load } from '@/lib/load';
import { hrefWith } from '@/lib/url';
import { spendSchema, teamPageSchema } from '@switchyard/contracts';

const PAGE_SIZE = 25;
const PERIOD_LABEL = { daily: 'Daily', monthly: 'Monthly', total: 'Total' } as const;

export async function TeamsView({ cursor }: { cursor?: string }) {
  const teams = await load(() =>
    apiRequestAsUser(hrefWith('/admin/teams', { cursor, limit: PAGE_SIZE }), teamPageSchema),
  );
  if (!teams.ok) return <ErrorPanel title="Could not load teams" message={teams.error} />;
  const spends = await Promise.all(
    teams.data.items.map((team) =>
      load(() => apiRequestAsUser(`/admin/teams/${team.id}/spend`, spendSchema)),
    ),
  );
  return (
    <Panel id="team-list" title="Teams" flush>
      {teams.data.items.length === 0 ? (
        <EmptyState title="No teams yet">
          Teams own proxy tokens and budgets; create the first one.
        </EmptyState>
      ) : (
        <div className={tableStyles.wrapper}>
          <table className={tableStyles.table} data-testid="team-table">
            <thead>
              <tr>
                <th scope="col" className={tableStyles.th}>
                  Team
                </th>
                <th scope="col" className={tableStyles.thNumeric}>
                  Members
                </th>
                <th scope="col" className={`${tableStyles.th} w-2/5`}>
                  Spend against budget
                </th>
                <th scope="col" className={tableStyles.th}>
                  Created
                </th>
              </tr>
            </thead>
            <tbody className={tableStyles.body}>
              {teams.data.items.map((team, index) => {
                const spend = spends[index]!;
                return (
                  <tr key={team.id} data-testid="team-row" data-team-name={team.name}>
                    <td className={tableStyles.td}>
                      <Link href={`/teams/${team.id}`} className={`${linkStyle} font-medium`}>
                        {team.name}
                      </Link>
                      {team.deletedAt ? (
                        <span className="ml-2">
                          <Badge tone="zinc">Deleted</Badge>
                        </span>
                      ) : null}
                    </td>
                    <td className={tableStyles.tdNumeric}>{formatCount(team.memberCount)}</td>
                    <td className={tableStyles.td}>
                      {!spend.ok ? (
                        <span className="text-xs text-red-700 dark:text-red-400">{spend.error}</span>
                      ) : spend.data.limitUsd === null ? (
                        <span className="text-xs text-zinc-500 dark:text-zinc-400">No budget: unlimited</span>
                      ) : (
                        <div>
                          <p className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
                            {spend.data.period ? PERIOD_LABEL[spend.data.period] : ''}
                            {spend.data.alerting ? (
                              <span className="ml-2">
                                <Badge tone="amber">Past alert</Badge>
                              </span>
                            ) : null}
                          </p>
                          <SpendMeter
                            spentUsd={spend.data.spentUsd ?? 0}
                            limitUsd={spend.data.limitUsd}
                            alertAtPercent={spend.data.alertAtPercent}
                            label={`${team.name} spend against its budget`}
                          />
                        </div>
                      )}
                    </td>
                    <td className={`${tableStyles.td} whitespace-nowrap`}>{formatDate(team.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label="Team pages"
        isFirstPage={!cursor}
        firstHref="/teams"
        nextHref={teams.data.nextCursor ? hrefWith('/teams', { cursor: teams.data.nextCursor }) : null}
      />
    </Panel>
  );
}
