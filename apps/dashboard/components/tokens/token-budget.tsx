import { Money } from '@/components/ui/money';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { spendSchema, type ProxyToken } from '@switchyard/contracts';

/** A token's own budget and where its current period stands: settled spend, and credit held by requests in flight. */
export async function TokenBudget({ token }: { token: ProxyToken }) {
  if (token.budgetUsd === null) return null;
  const spend = await load(() => apiRequestAsUser(`/admin/tokens/${token.id}/spend`, spendSchema));
  return (
    <div data-testid="token-budget">
      <p>
        Budget <Money usd={token.budgetUsd} />
        {token.budgetPeriod ? ` ${token.budgetPeriod}` : null}
      </p>
      {spend.ok ? (
        <p className="text-zinc-500 dark:text-zinc-400">
          Spent <Money usd={spend.data.spentUsd} />
          {spend.data.reservedUsd ? (
            <>
              {' '}
              · reserved <Money usd={spend.data.reservedUsd} />
            </>
          ) : null}
        </p>
      ) : (
        <p className="text-red-700 dark:text-red-400">Spend unavailable: {spend.error}</p>
      )}
    </div>
  );
}
