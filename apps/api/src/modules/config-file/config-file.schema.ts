import { hasIssuedShape } from '@switchyard/crypto';
import { z } from 'zod';
import { bodyLogRedactionsSchema } from '../settings/body-log-redactions.js';
import { setBudgetSchema } from '../credits/credits.schemas.js';
import { upsertPriceSchema } from '../pricing/pricing.schemas.js';
import { createProviderSchema } from '../providers/providers.schemas.js';
import { tokenFields } from '../proxy-tokens/proxy-tokens.schemas.js';
import { upsertRouteSchema } from '../routes/routes.schemas.js';
import { createTeamSchema } from '../teams/teams.schemas.js';

export const MAX_PROVIDERS = 200;
export const MAX_TEAMS = 5_000;
export const MAX_TOKENS_PER_TEAM = 1_000;
export const MAX_ROUTES = 1_000;
export const MAX_PRICES = 5_000;

/** A random 40-character base62 body has about 30 distinct characters; fewer than this was typed by hand. */
const MIN_DISTINCT_TOKEN_CHARACTERS = 16;

/** Every mapping in the file refuses fields it does not know, so a misspelt setting is never silently dropped. */
const mapping = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'invalid_type' ? 'must be a mapping of fields' : undefined),
  });

const list = <Item extends z.ZodType>(item: Item, what: string, max: number) =>
  z
    .array(item, { error: `must be a list of ${what}` })
    .max(max, `must hold at most ${max} ${what}`)
    .nullish()
    .transform((items) => items ?? []);

/** A token declared with its value, so it stays the same across restarts; it must look like one the API issues. */
const declaredToken = z.string({ error: 'must be a "sy-…" token' }).superRefine((token, ctx) => {
  if (!hasIssuedShape('sy', token)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be "sy-" followed by 40 letters and digits, the shape the API issues',
    });
  } else if (new Set(token.slice('sy-'.length)).size < MIN_DISTINCT_TOKEN_CHARACTERS) {
    ctx.addIssue({ code: 'custom', message: 'has too few distinct characters; generate it at random' });
  }
});

const providerSchema = mapping({
  name: createProviderSchema.shape.name,
  type: createProviderSchema.shape.type,
  base_url: createProviderSchema.shape.baseUrl,
  serves_responses: createProviderSchema.shape.servesResponses,
});

const budgetSchema = mapping({
  limit_usd: setBudgetSchema.shape.limitUsd,
  period: setBudgetSchema.shape.period,
  alert_at_percent: setBudgetSchema.shape.alertAtPercent,
  mode: setBudgetSchema.shape.mode,
});

const tokenSchema = mapping({
  name: tokenFields.name,
  token: declaredToken,
  allowed_models: tokenFields.allowedModels,
  rpm: tokenFields.rpm,
  tpm: tokenFields.tpm,
  expires_at: tokenFields.expiresAt,
  budget_usd: tokenFields.budgetUsd,
  budget_period: tokenFields.budgetPeriod,
  log_bodies: tokenFields.logBodies,
  require_user: tokenFields.requireUser,
});

const teamSchema = mapping({
  name: createTeamSchema.shape.name,
  /** Absent: the team's budget is left as it is. Null: it is removed, and the team is unlimited. */
  budget: budgetSchema.nullish(),
  tokens: list(tokenSchema, 'tokens', MAX_TOKENS_PER_TEAM),
});

const routeSchema = mapping(upsertRouteSchema.shape);

const priceSchema = mapping({
  provider: upsertPriceSchema.shape.provider,
  model: upsertPriceSchema.shape.model,
  input_usd_per_mtok: upsertPriceSchema.shape.inputUsdPerMTok,
  output_usd_per_mtok: upsertPriceSchema.shape.outputUsdPerMTok,
  cached_input_usd_per_mtok: upsertPriceSchema.shape.cachedInputUsdPerMTok,
  cache_write_usd_per_mtok: upsertPriceSchema.shape.cacheWriteUsdPerMTok,
  max_output_tokens: upsertPriceSchema.shape.maxOutputTokens,
});

/** Runtime settings, as `PATCH /admin/settings` takes them; a setting the file leaves out is left alone. */
const settingsSchema = mapping({
  allow_unpriced_models: z.boolean({ error: 'must be true or false' }).optional(),
  body_log_redactions: bodyLogRedactionsSchema.optional(),
});

/** The sections besides the key tiers, which the provider-key import reads. */
export const configSectionsSchema = z.object({
  providers: list(providerSchema, 'providers', MAX_PROVIDERS),
  teams: list(teamSchema, 'teams', MAX_TEAMS),
  routes: list(routeSchema, 'routes', MAX_ROUTES),
  prices: list(priceSchema, 'prices', MAX_PRICES),
  settings: settingsSchema.nullish().transform((settings) => settings ?? {}),
});

export const CONFIG_SECTIONS = ['providers', 'teams', 'routes', 'prices', 'settings'] as const;

export type ConfigSections = z.output<typeof configSectionsSchema>;
export type DeclaredProvider = ConfigSections['providers'][number];
export type DeclaredTeam = ConfigSections['teams'][number];
export type DeclaredToken = DeclaredTeam['tokens'][number];
export type DeclaredRoute = ConfigSections['routes'][number];
export type DeclaredPrice = ConfigSections['prices'][number];
export type DeclaredSettings = ConfigSections['settings'];
