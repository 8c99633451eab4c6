import { z } from 'zod';

// Every shape of an API answer this CLI reads, in this one module. Loose objects: a newer API may add fields
// without breaking it.

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
  inFlight: z.number().optional(),
  models: z.array(
    z.looseObject({
      model: z.string(),
      status: z.string(),
      cooldownUntil: isoTime,
      reason: z.string().nullable(),
      inFlight: z.number().optional(),
      requests: z.number().optional(),
      requestsToday: z.number().optional(),
      failures: z.number().optional(),
      costUsd: z.number().optional(),
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
  model: z.string().nullable().optional(),
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
    skipped: z.number().optional(),
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

const limitWindowSchema = z.looseObject({
  name: z.string(),
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  resetAt: isoTime,
});

export const keyLimitsSchema = z.looseObject({
  keyId: z.string(),
  provider: z.string(),
  headers: z
    .looseObject({ seenAt: z.string(), model: z.string(), windows: z.array(limitWindowSchema) })
    .nullable(),
  openrouter: z
    .union([
      z.looseObject({
        limitUsd: z.number().nullable(),
        limitRemainingUsd: z.number().nullable(),
        usageUsd: z.number().nullable(),
        rateLimit: z.looseObject({ requests: z.number(), interval: z.string() }).nullable(),
        fetchedAt: z.string(),
      }),
      z.looseObject({ error: z.string() }),
    ])
    .nullable(),
  refreshed: z
    .looseObject({
      ok: z.boolean(),
      latencyMs: z.number(),
      model: z.string().nullable(),
      error: z.string().optional(),
    })
    .nullable(),
});

export type KeyLimits = z.infer<typeof keyLimitsSchema>;

export const configChangeSchema = z.looseObject({
  kind: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  fields: z.array(z.string()),
});

export type ConfigChange = z.infer<typeof configChangeSchema>;

export const configApplySchema = z.looseObject({ dryRun: z.boolean(), changes: z.array(configChangeSchema) });

export type ConfigApply = z.infer<typeof configApplySchema>;

/** A refused apply: the error and every problem of the file, by line. */
export const configRejectedSchema = z.looseObject({
  problems: z.array(z.looseObject({ line: z.number(), field: z.string().nullable(), message: z.string() })),
});
