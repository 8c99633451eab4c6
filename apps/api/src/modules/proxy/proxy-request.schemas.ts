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

const TOOL_CHOICES = ['auto', 'none', 'required'] as const;

/** An input item: a message (`role`, with or without `type: "message"`) or a typed item such as a function call. */
const inputItem = z
  .looseObject({
    type: z.string({ message: 'must be a string' }).optional(),
    role: z.string({ message: 'must be a string' }).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.type === undefined && item.role === undefined)
      ctx.addIssue({ code: 'custom', message: 'needs a type or a role', path: ['type'] });
    if (item.type === 'function_call_output' && typeof item.call_id !== 'string')
      ctx.addIssue({ code: 'custom', message: 'is required', path: ['call_id'] });
    if (item.type === 'function_call' && typeof item.name !== 'string')
      ctx.addIssue({ code: 'custom', message: 'is required', path: ['name'] });
  });

const responsesTool = z
  .looseObject({ type: z.string({ message: 'is required' }) })
  .superRefine((tool, ctx) => {
    if (tool.type === 'function' && (typeof tool.name !== 'string' || tool.name.length === 0))
      ctx.addIssue({ code: 'custom', message: 'is required for a function tool', path: ['name'] });
  });

/** `POST /v1/responses`: what the gateway reads or translates; other fields go to an upstream that serves the API. */
export const responsesRequestSchema = z
  .looseObject({
    model,
    input: z
      .union([z.string(), z.array(inputItem)], { message: 'must be a string or an array of input items' })
      .optional(),
    instructions: z.string({ message: 'must be a string' }).nullable().optional(),
    tools: z.array(responsesTool, { message: 'must be an array of tools' }).optional(),
    tool_choice: z
      .union([z.enum(TOOL_CHOICES), z.looseObject({ type: z.string() })], {
        message: 'must be "auto", "none", "required" or a tool',
      })
      .optional(),
    temperature: z.number({ message: 'must be a number' }).min(0).max(2).nullable().optional(),
    top_p: z.number({ message: 'must be a number' }).min(0).max(1).nullable().optional(),
    max_output_tokens: maxTokens.nullable(),
    metadata: z
      .record(z.string(), z.string(), { message: 'must map strings to strings' })
      .nullable()
      .optional(),
    user: z.string({ message: 'must be a string' }).optional(),
    stream: z.boolean({ message: 'must be true or false' }).optional(),
    store: z.boolean({ message: 'must be true or false' }).nullable().optional(),
    previous_response_id: z.string({ message: 'must be a string' }).nullable().optional(),
    parallel_tool_calls: z.boolean({ message: 'must be true or false' }).nullable().optional(),
  })
  .superRefine((body, ctx) => {
    // Only a stored prompt or conversation may stand in for the input.
    if (body.input === undefined && body.prompt === undefined && body.conversation === undefined)
      ctx.addIssue({ code: 'custom', message: 'is required', path: ['input'] });
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
