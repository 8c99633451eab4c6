import { type BudgetPeriod } from '../../database/generated/enums.js';
import { type PeriodWindow } from './budget-period.js';
import { type TeamBudget } from './budgets.repository.js';
import { microsToUsd } from './money.js';

/**
 * A team's budget and where its current period stands. `spentUsd` is settled spend as flushed by the gateway
 * replicas (about a second behind); `reservedUsd` is credit leased to replicas and not yet settled or given
 * back. A team without a budget is unlimited: every field but `teamId` is null (its spend is in /admin/usage).
 */
export interface SpendView {
  teamId: string;
  period: BudgetPeriod | null;
  periodStart: string | null;
  periodEnd: string | null;
  limitUsd: number | null;
  spentUsd: number | null;
  reservedUsd: number | null;
  remainingUsd: number | null;
  alertAtPercent: number | null;
  alerting: boolean;
}

export function unlimitedSpendView(teamId: string): SpendView {
  return {
    teamId,
    period: null,
    periodStart: null,
    periodEnd: null,
    limitUsd: null,
    spentUsd: null,
    reservedUsd: null,
    remainingUsd: null,
    alertAtPercent: null,
    alerting: false,
  };
}

/** A period nobody has opened yet is shown as it will open: the budget's limit, nothing spent. */
export function toSpendView(
  budget: TeamBudget,
  window: PeriodWindow,
  period: { limit: bigint; spent: bigint; reserved: bigint } | null,
): SpendView {
  const limit = period?.limit ?? budget.limitMicros;
  const spent = period?.spent ?? 0n;
  const reserved = period?.reserved ?? 0n;
  const remaining = limit - spent - reserved;
  return {
    teamId: budget.teamId,
    period: budget.period,
    periodStart: window.start.toISOString(),
    periodEnd: window.end?.toISOString() ?? null,
    limitUsd: microsToUsd(limit),
    spentUsd: microsToUsd(spent),
    reservedUsd: microsToUsd(reserved),
    remainingUsd: microsToUsd(remaining > 0n ? remaining : 0n),
    alertAtPercent: budget.alertAtPercent,
    alerting:
      budget.alertAtPercent !== null && spent > 0n && spent * 100n >= limit * BigInt(budget.alertAtPercent),
  };
}
