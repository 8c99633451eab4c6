import { z } from 'zod';
import {
  checkbox,
  optionalFutureDate,
  optionalInteger,
  optionalUsdAmount,
  requiredText,
  textList,
} from '@/lib/forms';
import { BUDGET_PERIODS } from '@switchyard/contracts';

/** The periods a token's budget runs over; monthly is the API's own default. */
export const TOKEN_BUDGET_PERIODS = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'daily', label: 'Daily' },
  { value: 'total', label: 'Total (never resets)' },
] as const;

const budgetPeriod = z.enum(BUDGET_PERIODS, { error: 'Choose daily, monthly or total.' });

const MODEL_PATTERN = /^(?:[^\s/*]+\/(?:\*|[^\s*]+)|[^\s/*]+)$/;

export const createTokenForm = z.object({
  teamId: z.uuid('Choose a team.'),
  name: requiredText('a name', 100),
  allowedModels: textList(200, 200).pipe(
    z.array(
      z.string().regex(MODEL_PATTERN, 'Each model must be "provider/model", "provider/*" or an alias name.'),
    ),
  ),
  rpm: optionalInteger(1, 1_000_000_000),
  tpm: optionalInteger(1, 1_000_000_000),
  budgetUsd: optionalUsdAmount(0, 1_000_000_000),
  budgetPeriod,
  expiresAt: optionalFutureDate,
  logBodies: checkbox,
});

export const tokenIdForm = z.object({ tokenId: z.uuid('This token id is not valid.') });

/** Up to a day in which the old token keeps working next to the new one. */
export const ROTATION_GRACE = [
  { value: '0', label: 'No overlap: the old token stops now' },
  { value: '300', label: '5 minutes' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '24 hours' },
] as const;

export const rotateTokenForm = tokenIdForm.extend({
  graceSeconds: z
    .enum(ROTATION_GRACE.map((option) => option.value) as ['0', '300', '3600', '86400'])
    .transform(Number),
});

/** Every field is the token's new value; an empty limit, budget, expiry or allow-list clears it. */
export const editTokenForm = z.object({
  tokenId: z.uuid('This token id is not valid.'),
  name: requiredText('a name', 100),
  allowedModels: createTokenForm.shape.allowedModels,
  rpm: optionalInteger(1, 1_000_000_000),
  tpm: optionalInteger(1, 1_000_000_000),
  budgetUsd: optionalUsdAmount(0, 1_000_000_000),
  budgetPeriod,
  expiresAt: optionalFutureDate,
  logBodies: checkbox,
});
