import { z } from 'zod';
import { validationFailure } from '../../common/validation/zod-validation.pipe.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

const model = z
  .string({ message: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(300, 'must be at most 300 characters');
const maxTokens = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .positive('must be greater than 0')
  .max(10_000_000)
  .optional();

/** Only what the gateway itself relies on is checked; everything else passes through to the provider. */
export const chatRequestSchema = z.looseObject({
  model,
  messages: z
    .array(z.looseObject({ role: z.string({ message: 'is required' }) }), {
      message: 'must be an array of messages',
    })
    .min(1, 'must not be empty'),
  stream: z.boolean({ message: 'must be true or false' }).optional(),
  max_tokens: maxTokens.nullable(),
  max_completion_tokens: maxTokens.nullable(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});

export const messagesRequestSchema = z.looseObject({
  model,
  messages: z
    .array(z.looseObject({ role: z.string({ message: 'is required' }) }), {
      message: 'must be an array of messages',
    })
    .min(1, 'must not be empty'),
  max_tokens: maxTokens,
  stream: z.boolean({ message: 'must be true or false' }).optional(),
});

export const embeddingsRequestSchema = z.looseObject({
  model,
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))], {
    message: 'must be a string, an array of strings, or token arrays',
  }),
});

export const tokenCountSchema = z.looseObject({
  model,
  messages: z.array(z.looseObject({ role: z.string({ message: 'is required' }) }), {
    message: 'must be an array of messages',
  }),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type JsonBody = Record<string, unknown>;

/** The body as the schema reads it; `isPlain` recognises the common shapes the schema would return unchanged. */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  isPlain?: (body: JsonBody) => boolean,
): z.infer<T> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyException(ProxyErrorCode.InvalidRequest, 'Request body must be a JSON object');
  }
  if (isPlain?.(body as JsonBody)) return body as z.infer<T>;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationFailure(parsed.error, 'request');
  return parsed.data;
}
