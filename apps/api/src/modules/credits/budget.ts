import { type BudgetMode, type BudgetPeriod } from '../../database/generated/enums.js';

/**
 * A budget a request is held to: its team's own (`tokenId` null) or its token's. A hard budget refuses, or
 * shortens, what it cannot pay for; a soft one never refuses and only records spend and alerts.
 */
export interface Budget {
  teamId: string;
  /** Null for the team's own budget. */
  tokenId: string | null;
  limitMicros: bigint;
  period: BudgetPeriod;
  mode: BudgetMode;
  alertAtPercent: number | null;
}

export type BudgetScope = 'team' | 'token';

export const scopeOf = (budget: Pick<Budget, 'tokenId'>): BudgetScope =>
  budget.tokenId === null ? 'team' : 'token';

/** The key of a budget's credit account: the token's id for a token budget, the team's otherwise. */
export const accountKeyOf = (budget: Pick<Budget, 'teamId' | 'tokenId'>): string =>
  budget.tokenId ?? budget.teamId;

/** Credit periods and ledger rows of a team's own budget carry this as their token id. */
export const TEAM_BUDGET_TOKEN_ID = '00000000-0000-0000-0000-000000000000';
