import { z } from 'zod';
import { pageSchema } from './page';
import { roleSchema } from './viewer';

export const priceSchema = z.object({
  provider: z.string(),
  model: z.string(),
  inputUsdPerMTok: z.number(),
  outputUsdPerMTok: z.number(),
  cachedInputUsdPerMTok: z.number().nullable(),
  updatedAt: z.string().nullable(),
});
export const pricePageSchema = pageSchema(priceSchema);
export type Price = z.infer<typeof priceSchema>;

export const routeSchema = z.object({
  alias: z.string(),
  targets: z.array(z.string()),
  updatedAt: z.string(),
});
export const routePageSchema = pageSchema(routeSchema);
export type Route = z.infer<typeof routeSchema>;

export const runtimeSettingsSchema = z.object({ refuseUnpricedModels: z.boolean() });
export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  teams: z.array(z.object({ teamId: z.string(), role: z.string() })),
  createdAt: z.string(),
  disabled: z.boolean(),
  deleted: z.boolean().default(false),
  sso: z.boolean().default(false),
  hasPassword: z.boolean().default(true),
});
export const userPageSchema = pageSchema(userSchema);

export const passwordChangeSchema = z.object({ endedSessions: z.number() });

export const sessionSchema = z.object({
  id: z.string(),
  method: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const sessionPageSchema = pageSchema(sessionSchema);
export type ConsoleSession = z.infer<typeof sessionSchema>;
export type User = z.infer<typeof userSchema>;

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
export type AdminApiKey = z.infer<typeof apiKeySchema>;
export const issuedApiKeySchema = apiKeySchema.extend({ key: z.string() });
