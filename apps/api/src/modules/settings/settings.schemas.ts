import { z } from 'zod';

/** Every runtime setting, its stored key in the `settings` table, and its value when never set. */
export const SETTING_DEFINITIONS = {
  /** Serve a budgeted request for a model with no price (its usage flagged unpriced) instead of refusing it. */
  allowUnpricedModels: { key: 'proxy.allow_unpriced_models', schema: z.boolean(), fallback: false },
} as const;

export type SettingName = keyof typeof SETTING_DEFINITIONS;

export type Settings = { [Name in SettingName]: z.infer<(typeof SETTING_DEFINITIONS)[Name]['schema']> };

export const updateSettingsSchema = z
  .strictObject({
    allowUnpricedModels: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must change at least one setting' });

export type UpdateSettingsBody = z.infer<typeof updateSettingsSchema>;
