import { ROLES } from '@switchyard/contracts';
import { z } from 'zod';
import {
  checkbox,
  optionalFutureDate,
  optionalText,
  optionalUsdAmount,
  requiredText,
  textList,
  usdAmount,
} from '@/lib/forms';

const providerName = z
  .string({ error: 'Enter the provider.' })
  .trim()
  .min(1, 'Enter the provider.')
  .max(50, 'Use at most 50 characters.')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lowercase letters, digits and hyphens.');

const modelName = z
  .string({ error: 'Enter the model id.' })
  .trim()
  .min(1, 'Enter the model id.')
  .max(200, 'Use at most 200 characters.')
  .regex(/^[\x21-\x7e]+$/, 'Use printable characters without spaces.');

export const runtimeSettingsForm = z.object({ allowUnpricedModels: checkbox });

export const priceForm = z.object({
  provider: providerName,
  model: modelName,
  inputUsdPerMTok: usdAmount(0, 1_000_000),
  outputUsdPerMTok: usdAmount(0, 1_000_000),
  cachedInputUsdPerMTok: optionalUsdAmount(0, 1_000_000),
});

export const priceKeyForm = z.object({ provider: providerName, model: modelName });

const aliasName = z
  .string({ error: 'Enter the alias.' })
  .trim()
  .min(1, 'Enter the alias.')
  .max(100, 'Use at most 100 characters.')
  .regex(/^[A-Za-z0-9._:/-]+$/, 'Use letters, digits and . _ : / - only.');

export const routeForm = z.object({
  alias: aliasName,
  targets: textList(10, 251).pipe(
    z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, 'Each target must be "provider/model".'))
      .min(1, 'Name at least one target.'),
  ),
});

export const routeKeyForm = z.object({ alias: aliasName });

export const newPassword = z
  .string()
  .min(12, 'Use at least 12 characters.')
  .max(1024, 'Use at most 1024 characters.');

export const userForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter an email address.')
    .max(320)
    .pipe(z.email('Enter a valid email address.')),
  name: optionalText(200),
  password: newPassword,
  role: z.enum(ROLES, { error: 'Choose a role.' }),
});

export const userIdForm = z.object({ id: z.uuid('This user id is not valid.') });

export const userUpdateForm = z.object({
  id: z.uuid('This user id is not valid.'),
  role: z.enum(ROLES, { error: 'Choose a role.' }),
  name: optionalText(200),
});

export const passwordResetForm = z.object({
  id: z.uuid('This user id is not valid.'),
  password: newPassword,
});

export const apiKeyForm = z.object({
  name: requiredText('a name', 100),
  role: z.enum(ROLES, { error: 'Choose a role.' }),
  expiresAt: optionalFutureDate,
});

export const apiKeyIdForm = z.object({ id: z.uuid('This key id is not valid.') });
