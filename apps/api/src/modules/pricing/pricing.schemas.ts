import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { usdAmount } from '../credits/money.js';

/** Provider names as the providers module accepts them: `provider` in prices and model ids is that name. */
export const providerNameSchema = z
  .string({ message: 'is required' })
  .min(1, 'is required')
  .max(50, 'must be at most 50 characters')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens');

/** A provider's model id, as sent upstream; it may itself contain "/" (OpenRouter's `openai/gpt-4o`). */
export const modelNameSchema = z
  .string({ message: 'is required' })
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const usdPerMTok = usdAmount({ min: 0, max: 1_000_000 });

export const upsertPriceSchema = z.strictObject({
  provider: providerNameSchema,
  model: modelNameSchema,
  inputUsdPerMTok: usdPerMTok,
  outputUsdPerMTok: usdPerMTok,
  cachedInputUsdPerMTok: usdPerMTok.nullable().optional(),
  cacheWriteUsdPerMTok: usdPerMTok.nullable().optional(),
  maxOutputTokens: z
    .number({ message: 'must be a whole number of tokens' })
    .int('must be a whole number of tokens')
    .min(1, 'must be at least 1')
    .max(10_000_000, 'must be at most 10000000')
    .nullable()
    .optional(),
});

export const listPricesSchema = pageQuerySchema.extend({ provider: providerNameSchema.optional() });

export type UpsertPriceBody = z.infer<typeof upsertPriceSchema>;
export type ListPricesQuery = z.infer<typeof listPricesSchema>;
