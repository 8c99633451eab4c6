import { z } from 'zod';
import { pageSchema } from './page.js';

export const KEY_TIERS = ['primary', 'daily', 'fallback'] as const;
export type KeyTier = (typeof KEY_TIERS)[number];
export const PROVIDER_TYPES = ['openai', 'anthropic', 'gemini'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
/** The status a key is stored with; an `auth_failed` key waits for an admin's successful re-test. */
export const PROVIDER_KEY_STATUSES = ['active', 'disabled', 'auth_failed'] as const;
export type ProviderKeyStatus = (typeof PROVIDER_KEY_STATUSES)[number];
/** What the live key pool makes of a key, or of one of its models, right now. */
export const KEY_STATUSES = ['ready', 'cooling', 'exhausted', 'disabled', 'auth_failed'] as const;
export type LiveKeyStatus = (typeof KEY_STATUSES)[number];

export const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(PROVIDER_TYPES),
  baseUrl: z.string(),
  /** An OpenAI-type provider that serves the Responses API: `/v1/responses` is passed through to it. */
  servesResponses: z.boolean(),
  builtIn: z.boolean(),
  /** Keys not deleted, whatever their status. */
  keyCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const providerPageSchema = pageSchema(providerSchema);
export type Provider = z.infer<typeof providerSchema>;

/** A stored provider key: never its secret, ciphertext or digest. */
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
  quotaResetUtc: z.string().nullable(),
  status: z.enum(PROVIDER_KEY_STATUSES),
  lastTestedAt: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const providerKeyPageSchema = pageSchema(providerKeySchema);
export type ProviderKey = z.infer<typeof providerKeySchema>;

/**
 * POST /admin/provider-keys/:id/test: a 1-token completion on `model`. `keyStatus` is the key's status after it: a
 * pass re-activates it.
 */
export const keyTestSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  /** The model the probe called; null when the key declares none and its provider has no cheap default. */
  model: z.string().nullable(),
  error: z.string().optional(),
  keyStatus: z.enum(PROVIDER_KEY_STATUSES),
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
  /** Today's (UTC) requests and cost, from the usage rollups. */
  requestsToday: z.number(),
  costUsd: z.number(),
});
export type ModelState = z.infer<typeof modelStateSchema>;

/** GET /admin/key-state: one key as the live pool sees it, with the models it keeps state for. */
export const keyStateSchema = z.object({
  keyId: z.string(),
  provider: z.string(),
  label: z.string().nullable(),
  last4: z.string().nullable(),
  tier: z.enum(KEY_TIERS),
  status: z.enum(KEY_STATUSES),
  cooldownUntil: z.string().nullable(),
  reason: z.string().nullable(),
  inFlight: z.number(),
  quota: z.object({ periodStart: z.number(), requests: z.number(), tokens: z.number() }).nullable(),
  models: z.array(modelStateSchema),
});
export const keyStatePageSchema = pageSchema(keyStateSchema);
export type KeyState = z.infer<typeof keyStateSchema>;

/** `skipped`: a `.env` line that is not a provider key; it neither imports nor refuses anything. */
export const IMPORT_ENTRY_STATUSES = [
  'created',
  'duplicate',
  'invalid',
  'validation_failed',
  'skipped',
] as const;
export type ImportEntryStatus = (typeof IMPORT_ENTRY_STATUSES)[number];

export const importLineSchema = z.object({
  line: z.number(),
  provider: z.string().nullable(),
  last4: z.string().nullable(),
  /** In a dry run, `created` means the entry would be created. */
  status: z.enum(IMPORT_ENTRY_STATUSES),
  error: z.string().optional(),
});
export type ImportLine = z.infer<typeof importLineSchema>;

/** POST /admin/provider-keys/import: all or nothing, with a report per line. */
export const importReportSchema = z.object({
  dryRun: z.boolean(),
  /** Whether every entry can be imported (duplicates are skipped, not refused). */
  accepted: z.boolean(),
  /** True only when the keys were stored. */
  saved: z.boolean(),
  summary: z.object({
    created: z.number(),
    duplicate: z.number(),
    invalid: z.number(),
    validation_failed: z.number(),
    skipped: z.number(),
  }),
  /** Providers the import creates (or, in a dry run or a refused import, would create). */
  providersCreated: z.array(
    z.object({ name: z.string(), type: z.enum(PROVIDER_TYPES), baseUrl: z.string() }),
  ),
  entries: z.array(importLineSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** One rate-limit window a provider's headers describe (requests or tokens, per minute or per day…). */
const limitWindowSchema = z.object({
  name: z.string(),
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  resetAt: z.string().nullable(),
});

/** GET /admin/provider-keys/:id/limits: what the provider says the key may still do. */
export const keyLimitsSchema = z.object({
  keyId: z.string(),
  provider: z.string(),
  /** The rate-limit headers of the last answer that carried any, with when they came; null if none yet. */
  headers: z
    .object({ seenAt: z.string(), model: z.string(), windows: z.array(limitWindowSchema) })
    .nullable(),
  /** OpenRouter keys only: the key endpoint's figures, in USD as OpenRouter reports them. */
  openrouter: z
    .union([
      z.object({
        label: z.string().nullable(),
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
  /** With `?refresh=true`: the 1-token call made to get fresh headers. */
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
