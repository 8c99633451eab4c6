import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { BUDGET_PERIODS } from '../credits/budget-period.js';
import { usdToMicros } from './usd.js';

export const MAX_ALLOWED_MODELS = 200;
export const MAX_LIMIT = 1_000_000_000;
export const MAX_BUDGET_USD = 1_000_000_000;

/** `provider/model` (the model may hold slashes, as OpenRouter's do), `provider/*`, or an alias name. */
const MODEL_PATTERN = /^(?:[^\s/*]+\/(?:\*|[^\s*]+)|[^\s/*]+)$/;

const modelPattern = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(MODEL_PATTERN, 'must be "provider/model", "provider/*" or an alias name');

const perMinuteLimit = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .positive('must be a positive integer')
  .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`);

const expiryDate = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z' })
  .transform((iso) => new Date(iso));

/** The settings a token is issued with; SWITCHYARD_CONFIG declares its tokens with the same fields. */
export const tokenFields = {
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters'),
  /** Empty or absent: every model. */
  allowedModels: z
    .array(modelPattern, { error: 'must be an array of strings' })
    .max(MAX_ALLOWED_MODELS, `must have at most ${MAX_ALLOWED_MODELS} entries`)
    .transform((models) => [...new Set(models)])
    .optional(),
  /** Absent or null: unlimited. */
  rpm: perMinuteLimit.nullish(),
  tpm: perMinuteLimit.nullish(),
  budgetUsd: z
    .number({ error: 'must be a number' })
    .min(0, 'must be at least 0')
    .max(MAX_BUDGET_USD, `must be at most ${MAX_BUDGET_USD}`)
    .refine((usd) => usdToMicros(usd) !== undefined, 'must have at most 6 decimal places')
    .nullish(),
  /** The budget's period; `monthly` when a budget is given without one. */
  budgetPeriod: z.enum(BUDGET_PERIODS, { error: `must be one of ${BUDGET_PERIODS.join(', ')}` }).nullish(),
  /** Requests must name the person behind them; absent means false. */
  requireUser: z.boolean({ error: 'must be true or false' }).optional(),
  /** Any instant; issuing a token also requires it to be in the future. */
  expiresAt: expiryDate.nullish(),
  /** Store this token's request and answer bodies (redacted); its team may turn logging on for all its tokens. */
  logBodies: z.boolean({ error: 'must be true or false' }).optional(),
};

export const createTokenSchema = z.strictObject({
  ...tokenFields,
  expiresAt: expiryDate.refine((date) => date.getTime() > Date.now(), 'must be in the future').nullish(),
});

/** Every field optional; null clears a limit, the budget, the expiry or the allow-list. */
export const updateTokenSchema = z
  .strictObject({
    name: tokenFields.name.optional(),
    allowedModels: tokenFields.allowedModels.nullable(),
    rpm: tokenFields.rpm,
    tpm: tokenFields.tpm,
    budgetUsd: tokenFields.budgetUsd,
    budgetPeriod: tokenFields.budgetPeriod,
    expiresAt: createTokenSchema.shape.expiresAt,
    logBodies: tokenFields.logBodies,
    requireUser: tokenFields.requireUser,
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message:
      'must change at least one of name, allowedModels, rpm, tpm, budgetUsd, budgetPeriod, expiresAt, requireUser, logBodies',
  });

/** The longest overlap a rotation may give the old token: a day is enough to roll out the new one. */
export const MAX_GRACE_SECONDS = 86_400;

export const rotateTokenSchema = z
  .strictObject({
    graceSeconds: z
      .number({ error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(0, 'must be at least 0')
      .max(MAX_GRACE_SECONDS, `must be at most ${MAX_GRACE_SECONDS} (24 hours)`)
      .optional(),
  })
  .optional()
  .transform((body) => ({ graceSeconds: body?.graceSeconds ?? 0 }));

const includeRevoked = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((value) => value === 'true')
  .default(false);

export const teamTokenListQuerySchema = pageQuerySchema.extend({ includeRevoked });

export const tokenListQuerySchema = teamTokenListQuerySchema.extend({
  teamId: z.uuid('must be a UUID').optional(),
});

export type CreateTokenBody = z.infer<typeof createTokenSchema>;
export type UpdateTokenBody = z.infer<typeof updateTokenSchema>;
export type RotateTokenBody = z.infer<typeof rotateTokenSchema>;
export type TeamTokenListQuery = z.infer<typeof teamTokenListQuerySchema>;
export type TokenListQuery = z.infer<typeof tokenListQuerySchema>;
