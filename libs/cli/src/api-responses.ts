import { z } from 'zod';

// The parts of the API's answers this CLI reads. Loose objects: a newer API may add fields without breaking it.

const tokenUsageSchema = z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() });

export type TokenUsage = z.infer<typeof tokenUsageSchema>;

export const chatCompletionSchema = z.looseObject({
  model: z.string().optional(),
  choices: z.array(z.looseObject({ message: z.looseObject({ content: z.string().nullish() }) })),
  usage: tokenUsageSchema.nullish(),
});

export const chatChunkSchema = z.looseObject({
  model: z.string().optional(),
  choices: z
    .array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).nullish() }))
    .optional(),
  usage: tokenUsageSchema.nullish(),
});

export const modelListSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
});

export const readinessSchema = z.looseObject({
  status: z.string(),
  checks: z.record(z.string(), z.union([z.string(), z.boolean()])),
});

export type Readiness = z.infer<typeof readinessSchema>;

const isoTime = z.string().nullable();

export const keyStateItemSchema = z.looseObject({
  keyId: z.string(),
  provider: z.string(),
  label: z.string().nullable(),
  last4: z.string().nullable(),
  tier: z.string(),
  status: z.string(),
  cooldownUntil: isoTime,
  reason: z.string().nullable().optional(),
  models: z.array(
    z.looseObject({
      model: z.string(),
      status: z.string(),
      cooldownUntil: isoTime,
      reason: z.string().nullable(),
    }),
  ),
});

export type KeyStateItem = z.infer<typeof keyStateItemSchema>;

export const keyStatePageSchema = z.looseObject({
  items: z.array(keyStateItemSchema),
  nextCursor: z.string().nullable(),
});

export const keyTestSchema = z.looseObject({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
  keyStatus: z.string().optional(),
});

export type KeyTest = z.infer<typeof keyTestSchema>;

export const importReportSchema = z.looseObject({
  dryRun: z.boolean(),
  accepted: z.boolean(),
  saved: z.boolean(),
  summary: z.looseObject({
    created: z.number(),
    duplicate: z.number(),
    invalid: z.number(),
    validation_failed: z.number(),
  }),
  providersCreated: z.array(z.looseObject({ name: z.string(), type: z.string(), baseUrl: z.string() })),
  entries: z.array(
    z.looseObject({
      line: z.number(),
      provider: z.string().nullable(),
      last4: z.string().nullable(),
      status: z.string(),
      error: z.string().optional(),
    }),
  ),
});

export type ImportReport = z.infer<typeof importReportSchema>;
