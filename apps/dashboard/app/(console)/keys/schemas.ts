import { z } from 'zod';
import { optionalText, requiredText } from '@/lib/forms';
import { KEY_TIERS } from '@switchyard/contracts';

export const keyIdForm = z.object({ id: z.uuid('This key id is not valid.') });

export const keyEnabledForm = keyIdForm.extend({
  enabled: z.enum(['true', 'false']).transform((v) => v === 'true'),
});

export const keyRoutingForm = keyIdForm.extend({
  label: requiredText('a label', 100),
  tier: z.enum(KEY_TIERS, { error: 'Choose primary, daily or fallback.' }),
  weight: z.coerce
    .number({ error: 'Enter a whole number from 1 to 1000.' })
    .int('Enter a whole number from 1 to 1000.')
    .min(1, 'Enter a whole number from 1 to 1000.')
    .max(1000, 'Enter a whole number from 1 to 1000.'),
  maxConcurrency: optionalText(6).pipe(
    z
      .string()
      .regex(/^\d+$/, 'Enter a whole number, or leave empty for no limit.')
      .transform(Number)
      .pipe(z.number().min(1, 'Enter at least 1.').max(10_000, 'Enter at most 10000.'))
      .optional(),
  ),
});
