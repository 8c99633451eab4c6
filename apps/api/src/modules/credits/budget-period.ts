import { type BudgetMode, type BudgetPeriod } from '../../database/generated/enums.js';

export const BUDGET_PERIODS = ['daily', 'monthly', 'total'] as const satisfies readonly BudgetPeriod[];
export const BUDGET_MODES = ['hard', 'soft'] as const satisfies readonly BudgetMode[];

export interface PeriodWindow {
  start: Date;
  /** Exclusive; null for a `total` budget, whose one period never ends. */
  end: Date | null;
}

/** The one period of a `total` budget starts at the epoch, so it is the same row whenever it is opened. */
const TOTAL_PERIOD_START = new Date(0);

/** The budget period containing `at`: a UTC calendar day or month, or the single `total` period. */
export function periodWindow(period: BudgetPeriod, at: Date): PeriodWindow {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  switch (period) {
    case 'daily': {
      const day = at.getUTCDate();
      return { start: new Date(Date.UTC(year, month, day)), end: new Date(Date.UTC(year, month, day + 1)) };
    }
    case 'monthly':
      return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
    case 'total':
      return { start: TOTAL_PERIOD_START, end: null };
  }
}
