import { z } from 'zod';
import { checkbox, optionalInteger, optionalText, textList } from '@/lib/forms';
import { KEY_TIERS, PROVIDER_TYPES } from '@switchyard/contracts';

const providerName = z
  .string({ error: 'Choose a provider.' })
  .trim()
  .min(1, 'Choose a provider.')
  .max(50, 'Use at most 50 characters.')
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'Use lowercase letters, digits and hyphens, starting with a letter or digit.',
  );

export const createKeyForm = z.object({
  provider: providerName,
  secret: z
    .string({ error: 'Paste the API key.' })
    .trim()
    .min(1, 'Paste the API key.')
    .min(8, 'API keys are at least 8 characters.')
    .max(1024, 'API keys are at most 1024 characters.')
    .regex(/^\S+$/, 'The key must not contain spaces or line breaks.'),
  label: optionalText(100),
  tier: z.enum(KEY_TIERS, { error: 'Choose primary, daily or fallback.' }),
  weight: optionalInteger(1, 1000),
  models: textList(1000, 200),
  validate: checkbox,
});

export const createProviderForm = z.object({
  name: providerName,
  type: z.enum(PROVIDER_TYPES, { error: 'Choose the wire format the provider speaks.' }),
  baseUrl: z
    .string({ error: 'Enter the base URL.' })
    .trim()
    .min(1, 'Enter the base URL.')
    .max(2048, 'Use at most 2048 characters.')
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'Enter a URL starting with https:// (or http:// for a local server).'),
});

export const importForm = z.object({
  format: z.enum(['env', 'yaml'], { error: 'Choose .env or YAML.' }),
  content: z
    .string({ error: 'Paste the keys to import.' })
    .min(1, 'Paste the keys to import.')
    .max(1024 * 1024, 'Import at most 1 MB at a time.'),
  tier: z.enum(KEY_TIERS, { error: 'Choose primary, daily or fallback.' }),
  validate: checkbox,
});
