import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { BUDGET_MODES, BUDGET_PERIODS } from './budget-period.js';
import { usdAmount } from './money.js';

export const MAX_BUDGET_USD = 1e9;

export const setBudgetSchema = z.strictObject({
  limitUsd: usdAmount({ min: 0, max: MAX_BUDGET_USD }),
  period: z.enum(BUDGET_PERIODS, { message: `must be one of ${BUDGET_PERIODS.join(', ')}` }),
  /** `hard` (the default) refuses or shortens what the budget cannot pay for; `soft` only records and alerts. */
  mode: z.enum(BUDGET_MODES, { message: `must be one of ${BUDGET_MODES.join(', ')}` }).optional(),
  alertAtPercent: z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100')
    .max(100, 'must be between 1 and 100')
    .nullable()
    .optional(),
});

export const adjustCreditsSchema = z.strictObject({
  amountUsd: usdAmount({ min: -MAX_BUDGET_USD, max: MAX_BUDGET_USD }).refine(
    (micros) => micros !== 0n,
    'must not be 0',
  ),
  note: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(500, 'must be at most 500 characters'),
});

export const ledgerQuerySchema = pageQuerySchema;

export type SetBudgetBody = z.infer<typeof setBudgetSchema>;
export type AdjustCreditsBody = z.infer<typeof adjustCreditsSchema>;
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;
