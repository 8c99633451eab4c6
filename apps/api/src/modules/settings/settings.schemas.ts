import { z } from 'zod';
import { bodyLogRedactionsSchema } from './body-log-redactions.js';

/** Every runtime setting, its stored key in the `settings` table, and its value when never set. */
export const SETTING_DEFINITIONS = {
  /** Serve a budgeted request for a model with no price (its usage flagged unpriced) instead of refusing it. */
  allowUnpricedModels: { key: 'proxy.allow_unpriced_models', schema: z.boolean(), fallback: false },
  /** Patterns redacted from logged request bodies, on top of the secrets that always are. */
  bodyLogRedactions: {
    key: 'body_log.redactions',
    schema: bodyLogRedactionsSchema,
    fallback: [] as { name: string; pattern: string }[],
  },
} as const;

export type SettingName = keyof typeof SETTING_DEFINITIONS;

export type Settings = { [Name in SettingName]: z.infer<(typeof SETTING_DEFINITIONS)[Name]['schema']> };

export const updateSettingsSchema = z
  .strictObject({
    allowUnpricedModels: z.boolean({ message: 'must be true or false' }).optional(),
    bodyLogRedactions: bodyLogRedactionsSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must change at least one setting' });

export type UpdateSettingsBody = z.infer<typeof updateSettingsSchema>;
