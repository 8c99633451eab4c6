import { z } from 'zod';

export const MAX_CONFIG_BYTES = 1_048_576;

export const applyConfigSchema = z.strictObject({
  content: z
    .string({ message: 'must be the configuration file as text' })
    .min(1, 'must not be empty')
    .refine((content) => Buffer.byteLength(content, 'utf8') <= MAX_CONFIG_BYTES, 'must be at most 1 MB'),
  dryRun: z.boolean({ message: 'must be true or false' }).optional().default(false),
});

export type ApplyConfigBody = z.infer<typeof applyConfigSchema>;
