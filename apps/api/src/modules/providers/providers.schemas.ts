import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { normalizeBaseUrl } from './base-url.js';

export const PROVIDER_TYPES = ['openai', 'anthropic', 'gemini'] as const;

export const providerNameSchema = z
  .string({ message: 'is required' })
  .min(1, 'is required')
  .max(50, 'must be at most 50 characters')
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be lowercase letters, digits and hyphens, starting with a letter or digit',
  );

export const baseUrlSchema = z
  .string({ message: 'is required' })
  .max(2048, 'must be at most 2048 characters')
  .transform((value, ctx) => {
    const result = normalizeBaseUrl(value);
    if ('problem' in result) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result.url;
  });

const servesResponsesSchema = z.boolean({ message: 'must be true or false' });

export const createProviderSchema = z
  .strictObject({
    name: providerNameSchema,
    type: z.enum(PROVIDER_TYPES, { message: `must be one of ${PROVIDER_TYPES.join(', ')}` }),
    baseUrl: baseUrlSchema,
    servesResponses: servesResponsesSchema.optional(),
  })
  .refine((body) => body.servesResponses !== true || body.type === 'openai', {
    message: 'only an openai-type provider can serve the Responses API',
    path: ['servesResponses'],
  });

export const updateProviderSchema = z
  .strictObject({ baseUrl: baseUrlSchema.optional(), servesResponses: servesResponsesSchema.optional() })
  .refine((body) => body.baseUrl !== undefined || body.servesResponses !== undefined, {
    message: 'give baseUrl, servesResponses or both',
    path: ['baseUrl'],
  });

export const listProvidersSchema = pageQuerySchema;

export type CreateProviderBody = z.infer<typeof createProviderSchema>;
export type UpdateProviderBody = z.infer<typeof updateProviderSchema>;
export type ListProvidersQuery = z.infer<typeof listProvidersSchema>;
