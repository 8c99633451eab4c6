import { z } from 'zod';
import { pageSchema } from './page';

export const KEY_TIERS = ['primary', 'daily', 'fallback'] as const;
export const PROVIDER_TYPES = ['openai', 'anthropic', 'gemini'] as const;
export const KEY_STATUSES = ['ready', 'cooling', 'exhausted', 'disabled', 'auth_failed'] as const;

export type KeyTier = (typeof KEY_TIERS)[number];
export type LiveKeyStatus = (typeof KEY_STATUSES)[number];

export const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(PROVIDER_TYPES),
  baseUrl: z.string(),
  builtIn: z.boolean(),
  keyCount: z.number(),
});
export const providerPageSchema = pageSchema(providerSchema);
export type Provider = z.infer<typeof providerSchema>;

export const providerKeySchema = z.object({
  id: z.string(),
  provider: z.string(),
  providerType: z.enum(PROVIDER_TYPES),
  label: z.string(),
  last4: z.string(),
  tier: z.enum(KEY_TIERS),
  weight: z.number(),
  maxConcurrency: z.number().nullable(),
  models: z.array(z.string()),
  dailyRequestQuota: z.number().nullable(),
  dailyTokenQuota: z.number().nullable(),
  status: z.enum(['active', 'disabled', 'auth_failed']),
  lastTestedAt: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestError: z.string().nullable(),
  createdAt: z.string(),
});
export const providerKeyPageSchema = pageSchema(providerKeySchema);
export type ProviderKey = z.infer<typeof providerKeySchema>;

export const keyTestSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
  keyStatus: z.string(),
});
export type KeyTestResult = z.infer<typeof keyTestSchema>;

export const modelStateSchema = z.object({
  model: z.string(),
  status: z.enum(KEY_STATUSES),
  cooldownUntil: z.string().nullable(),
  reason: z.string().nullable(),
  consecutiveFailures: z.number(),
  inFlight: z.number(),
  requests: z.number(),
  failures: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  costUsd: z.number(),
});
export type ModelState = z.infer<typeof modelStateSchema>;

export const keyStateSchema = z.object({
  keyId: z.string(),
  provider: z.string(),
  label: z.string().nullable(),
  last4: z.string().nullable(),
  tier: z.enum(KEY_TIERS),
  status: z.enum(KEY_STATUSES),
  cooldownUntil: z.string().nullable(),
  reason: z.string().nullable().optional(),
  inFlight: z.number().optional(),
  models: z.array(modelStateSchema),
});
export const keyStatePageSchema = pageSchema(keyStateSchema);
export type KeyState = z.infer<typeof keyStateSchema>;

export const importLineSchema = z.object({
  line: z.number(),
  provider: z.string().nullable(),
  last4: z.string().nullable(),
  status: z.enum(['created', 'duplicate', 'invalid', 'validation_failed', 'skipped']),
  error: z.string().optional(),
});

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  accepted: z.boolean(),
  saved: z.boolean(),
  summary: z.object({
    created: z.number(),
    duplicate: z.number(),
    invalid: z.number(),
    validation_failed: z.number(),
    skipped: z.number().default(0),
  }),
  providersCreated: z.array(z.object({ name: z.string(), type: z.string(), baseUrl: z.string() })),
  entries: z.array(importLineSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

const limitWindowSchema = z.object({
  name: z.string(),
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  resetAt: z.string().nullable(),
});

/** `GET /admin/provider-keys/:id/limits`: what the provider says the key may still do. */
export const keyLimitsSchema = z.object({
  keyId: z.string(),
  provider: z.string(),
  headers: z
    .object({ seenAt: z.string(), model: z.string(), windows: z.array(limitWindowSchema) })
    .nullable(),
  openrouter: z
    .union([
      z.object({
        limitUsd: z.number().nullable(),
        limitRemainingUsd: z.number().nullable(),
        usageUsd: z.number().nullable(),
        isFreeTier: z.boolean().nullable(),
        rateLimit: z.object({ requests: z.number(), interval: z.string() }).nullable(),
        fetchedAt: z.string(),
      }),
      z.object({ error: z.string() }),
    ])
    .nullable(),
  refreshed: z
    .object({
      ok: z.boolean(),
      latencyMs: z.number(),
      model: z.string().nullable(),
      error: z.string().optional(),
    })
    .nullable(),
});
export type KeyLimits = z.infer<typeof keyLimitsSchema>;
