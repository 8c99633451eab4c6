import Link from 'next/link';
import { SpendMeter } from '@/components/charts/spend-meter';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { linkStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { spendSchema, teamPageSchema } from '@switchyard/contracts';

const TEAMS_SCANNED = 50;
const SHOWN = 6;

const PERIOD_LABEL = { daily: 'today', monthly: 'this month', total: 'in total' } as const;

/** Teams closest to their budget limit, among the first teams of the list. */
export async function TeamBudgets() {
  const result = await load(async () => {
    const teams = await apiRequestAsUser(`/admin/teams?limit=${TEAMS_SCANNED}`, teamPageSchema);
    const live = teams.items.filter((team) => team.deletedAt === null);
    const spends = await Promise.all(
      live.map((team) => load(() => apiRequestAsUser(`/admin/teams/${team.id}/spend`, spendSchema))),
    );
    const budgeted = live.flatMap((team, index) => {
      const spend = spends[index]!;
      if (!spend.ok || spend.data.limitUsd === null || spend.data.spentUsd === null) return [];
      return [
        {
          team,
          spend: spend.data,
          used: spend.data.limitUsd > 0 ? spend.data.spentUsd / spend.data.limitUsd : 1,
        },
      ];
    });
    return {
      budgeted: budgeted.sort((a, b) => b.used - a.used),
      more: teams.nextCursor !== null,
      teamCount: live.length,
    };
  });
  if (!result.ok) return <ErrorPanel message={result.error} />;
  const { budgeted, more, teamCount } = result.data;
  if (budgeted.length === 0) {
    return (
      <EmptyState title={teamCount ? 'No team has a budget' : 'No teams yet'}>
        {teamCount
          ? 'Teams without a budget are unlimited. Set one on a team’s page.'
          : 'Create a team, give it a budget and issue it a token.'}
      </EmptyState>
    );
  }
  const alerting = budgeted.filter((item) => item.spend.alerting).length;
  return (
    <div className="space-y-4">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {alerting > 0
          ? `${alerting} of ${budgeted.length} budgets past their alert threshold.`
          : `All ${budgeted.length} budgets below their alert threshold.`}
        {more ? ` Showing the first ${TEAMS_SCANNED} teams.` : ''}
      </p>
      <ul className="space-y-4">
        {budgeted.slice(0, SHOWN).map(({ team, spend }) => (
          <li key={team.id}>
            <div className="mb-1.5 flex items-baseline justify-between gap-3 text-sm">
              <Link href={`/teams/${team.id}`} className={`${linkStyle} truncate`}>
                {team.name}
              </Link>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                {spend.period ? PERIOD_LABEL[spend.period] : ''}
              </span>
            </div>
            <SpendMeter
              spentUsd={spend.spentUsd!}
              limitUsd={spend.limitUsd!}
              alertAtPercent={spend.alertAtPercent}
              label={`${team.name} spend against its budget`}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
