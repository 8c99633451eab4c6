import { type Spend } from '@switchyard/contracts';
import { type PeriodWindow } from './budget-period.js';
import { type Budget } from './budget.js';
import { microsToUsd } from './money.js';

export function unlimitedSpendView(teamId: string): Spend {
  return {
    teamId,
    tokenId: null,
    mode: null,
    period: null,
    periodStart: null,
    periodEnd: null,
    limitUsd: null,
    spentUsd: null,
    reservedUsd: null,
    remainingUsd: null,
    alertAtPercent: null,
    alerting: false,
  } satisfies Spend;
}

/** A period nobody has opened yet is shown as it will open: the budget's limit, nothing spent. */
export function toSpendView(
  budget: Budget,
  window: PeriodWindow,
  period: { limit: bigint; spent: bigint; reserved: bigint } | null,
): Spend {
  const limit = period?.limit ?? budget.limitMicros;
  const spent = period?.spent ?? 0n;
  const reserved = period?.reserved ?? 0n;
  const remaining = limit - spent - reserved;
  return {
    teamId: budget.teamId,
    tokenId: budget.tokenId,
    mode: budget.mode,
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
  } satisfies Spend;
}
