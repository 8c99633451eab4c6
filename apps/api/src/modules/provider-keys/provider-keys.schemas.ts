import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { providerNameSchema } from '../providers/providers.schemas.js';

export const KEY_TIERS = ['primary', 'daily', 'fallback'] as const;
export const KEY_STATUSES = ['active', 'disabled', 'auth_failed'] as const;
const MAX_INT = 2_147_483_647;

/** Secrets are refused with a message that never repeats them. */
export const secretSchema = z
  .string({ message: 'is required' })
  .trim()
  .min(8, 'must be at least 8 characters')
  .max(1024, 'must be at most 1024 characters')
  .regex(/^\S+$/, 'must not contain whitespace');

export const tierSchema = z.enum(KEY_TIERS, { message: `must be one of ${KEY_TIERS.join(', ')}` });

export const labelSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

export const weightSchema = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 1000')
  .max(1000, 'must be between 1 and 1000');

export const maxConcurrencySchema = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 10000')
  .max(10_000, 'must be between 1 and 10000');

export const modelsSchema = z
  .array(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'), {
    message: 'must be a list of model names',
  })
  .max(1000, 'must list at most 1000 models')
  .transform((models) => [...new Set(models)]);

const quotaSchema = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_INT, `must be at most ${MAX_INT}`);

const resetTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a UTC time as HH:MM');

export const createProviderKeySchema = z.strictObject({
  provider: providerNameSchema,
  secret: secretSchema,
  label: labelSchema.optional(),
  tier: tierSchema.default('primary'),
  weight: weightSchema.default(1),
  maxConcurrency: maxConcurrencySchema.optional(),
  models: modelsSchema.default([]),
  dailyRequestQuota: quotaSchema.optional(),
  dailyTokenQuota: quotaSchema.optional(),
  quotaResetUtc: resetTimeSchema.optional(),
  validate: z.boolean({ message: 'must be true or false' }).default(true),
});

/** `null` clears an optional setting. */
export const updateProviderKeySchema = z
  .strictObject({
    label: labelSchema.optional(),
    tier: tierSchema.optional(),
    weight: weightSchema.optional(),
    maxConcurrency: maxConcurrencySchema.nullable().optional(),
    models: modelsSchema.optional(),
    dailyRequestQuota: quotaSchema.nullable().optional(),
    dailyTokenQuota: quotaSchema.nullable().optional(),
    quotaResetUtc: resetTimeSchema.nullable().optional(),
    enabled: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field');

export const listProviderKeysSchema = pageQuerySchema.extend({
  provider: providerNameSchema.optional(),
  tier: tierSchema.optional(),
  status: z.enum(KEY_STATUSES, { message: `must be one of ${KEY_STATUSES.join(', ')}` }).optional(),
});

export const IMPORT_MAX_BYTES = 1024 * 1024;

export const importProviderKeysSchema = z.strictObject({
  format: z.enum(['env', 'yaml'], { message: 'must be env or yaml' }),
  content: z
    .string({ message: 'is required' })
    .min(1, 'is required')
    .refine((content) => Buffer.byteLength(content, 'utf8') <= IMPORT_MAX_BYTES, 'must be at most 1 MB'),
  // A dry run calls no provider unless asked to; a real import checks every key unless told not to.
  validate: z.boolean({ message: 'must be true or false' }).optional(),
  dryRun: z.boolean({ message: 'must be true or false' }).default(false),
  tier: tierSchema.optional(),
  /** Save the valid keys and report the others, instead of refusing the whole import for them. */
  skipInvalid: z.boolean({ message: 'must be true or false' }).default(false),
});

export type CreateProviderKeyBody = z.infer<typeof createProviderKeySchema>;
export type UpdateProviderKeyBody = z.infer<typeof updateProviderKeySchema>;
export type ListProviderKeysQuery = z.infer<typeof listProviderKeysSchema>;
export type ImportProviderKeysBody = z.infer<typeof importProviderKeysSchema>;
