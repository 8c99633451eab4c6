import { z } from 'zod';
import { pageSchema } from './page.js';
import { roleSchema } from './viewer.js';

/** A model's price, in USD per million tokens. */
export const priceSchema = z.object({
  provider: z.string(),
  model: z.string(),
  inputUsdPerMTok: z.number(),
  outputUsdPerMTok: z.number(),
  cachedInputUsdPerMTok: z.number().nullable(),
  /** Null: 1.25 × input. */
  cacheWriteUsdPerMTok: z.number().nullable(),
  /** Null: the provider's default, which a request naming no output limit is reserved for. */
  maxOutputTokens: z.number().nullable(),
  updatedAt: z.string().nullable(),
});
export const pricePageSchema = pageSchema(priceSchema);
export type Price = z.infer<typeof priceSchema>;

/** An alias and the `provider/model` targets it tries in order. */
export const routeSchema = z.object({
  alias: z.string(),
  targets: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const routePageSchema = pageSchema(routeSchema);
export type Route = z.infer<typeof routeSchema>;

/** A pattern an admin adds to the redaction of logged bodies: every match is replaced by `[redacted:<name>]`. */
export const bodyLogRedactionSchema = z.object({ name: z.string(), pattern: z.string() });
export type BodyLogRedaction = z.infer<typeof bodyLogRedactionSchema>;

/** GET and PATCH /admin/settings. */
export const runtimeSettingsSchema = z.object({
  allowUnpricedModels: z.boolean(),
  bodyLogRedactions: z.array(bodyLogRedactionSchema),
});
export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;

/** An admin API key (`sya-…`); the key itself is shown once, when issued. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const apiKeyPageSchema = pageSchema(apiKeySchema);
export type ApiKey = z.infer<typeof apiKeySchema>;
export const issuedApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type IssuedApiKey = z.infer<typeof issuedApiKeySchema>;
