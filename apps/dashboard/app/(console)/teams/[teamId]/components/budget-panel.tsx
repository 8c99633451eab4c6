import { SpendMeter } from '@/components/charts/spend-meter';
import { Badge } from '@/components/ui/badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Money } from '@/components/ui/money';
import { apiRequestAsUser } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { load } from '@/lib/load';
import { BudgetForm } from './budget-form';
import { spendSchema } from '@switchyard/contracts';

const PERIOD_LABEL = { daily: 'Daily', monthly: 'Monthly', total: 'Total (never resets)' } as const;

export async function BudgetPanel({ teamId, canEdit }: { teamId: string; canEdit: boolean }) {
  const spend = await load(() => apiRequestAsUser(`/admin/teams/${teamId}/spend`, spendSchema));
  if (!spend.ok) return <ErrorPanel message={spend.error} />;
  const s = spend.data;
  return (
    <div className="space-y-5">
      {s.limitUsd === null ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="budget-summary">
          No budget: this team is unlimited. Its spend is on the Usage page.
        </p>
      ) : (
        <div className="space-y-3" data-testid="budget-summary">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {s.period ? PERIOD_LABEL[s.period] : ''} budget
            </span>
            {s.alerting ? <Badge tone="amber">Past {s.alertAtPercent}% alert</Badge> : null}
          </div>
          <SpendMeter
            spentUsd={s.spentUsd ?? 0}
            limitUsd={s.limitUsd}
            alertAtPercent={s.alertAtPercent}
            label="Spend against the budget"
          />
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-4">
            {(
              [
                ['Limit', s.limitUsd],
                ['Spent', s.spentUsd],
                ['Reserved', s.reservedUsd],
                ['Remaining', s.remainingUsd],
              ] as const
            ).map(([label, usd]) => (
              <div key={label}>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
                <dd className="text-zinc-900 dark:text-zinc-100">
                  <Money usd={usd} />
                </dd>
              </div>
            ))}
          </dl>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Period {formatDateTime(s.periodStart)}
            {s.periodEnd ? ` to ${formatDateTime(s.periodEnd)}` : ', never resets'}. Reserved is credit held
            by requests in flight.
          </p>
        </div>
      )}
      {canEdit ? <BudgetForm teamId={teamId} spend={s} /> : null}
    </div>
  );
}
