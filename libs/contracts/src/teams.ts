import { z } from 'zod';
import { pageSchema } from './page.js';
import { teamRoleSchema } from './viewer.js';

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set once the team is deleted; only organisation roles ever see a deleted team. */
  deletedAt: z.string().nullable(),
  /** Whether the request and answer bodies of this team's /v1 requests are stored (redacted). */
  logBodies: z.boolean(),
});
export type Team = z.infer<typeof teamSchema>;
export const teamListItemSchema = teamSchema.extend({ memberCount: z.number() });
export const teamPageSchema = pageSchema(teamListItemSchema);
export type TeamListItem = z.infer<typeof teamListItemSchema>;

export const memberSchema = z.object({
  teamId: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: teamRoleSchema,
  addedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const teamDetailSchema = teamSchema.extend({ members: z.array(memberSchema) });
export type TeamDetail = z.infer<typeof teamDetailSchema>;

export const BUDGET_PERIODS = ['daily', 'monthly', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
/** `hard` refuses (or shortens the answer of) what the budget cannot pay for; `soft` never refuses, only alerts. */
export const BUDGET_MODES = ['hard', 'soft'] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];

/**
 * A team's budget and where its current period stands. `spentUsd` is settled spend as flushed by the gateway
 * replicas (about a second behind); `reservedUsd` is credit leased to replicas and not yet settled or given back.
 * A team without a budget is unlimited: every field but `teamId` is null (its spend is in /admin/usage).
 */
export const spendSchema = z.object({
  teamId: z.string(),
  /** Set for a token's budget (`GET /admin/tokens/:id/spend`); null for the team's own. */
  tokenId: z.string().nullable(),
  mode: z.enum(BUDGET_MODES).nullable(),
  period: z.enum(BUDGET_PERIODS).nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  limitUsd: z.number().nullable(),
  spentUsd: z.number().nullable(),
  reservedUsd: z.number().nullable(),
  remainingUsd: z.number().nullable(),
  alertAtPercent: z.number().nullable(),
  alerting: z.boolean(),
});
export type Spend = z.infer<typeof spendSchema>;

export const LEDGER_KINDS = ['grant', 'adjustment', 'period_reset', 'settlement'] as const;

/** Grants and adjustments move the period's limit (signed); a settlement is spend charged in one batch. */
export const ledgerEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(LEDGER_KINDS),
  amountUsd: z.number(),
  periodId: z.string().nullable(),
  note: z.string().nullable(),
  actorId: z.string().nullable(),
  createdAt: z.string(),
});
export const ledgerPageSchema = pageSchema(ledgerEntrySchema);
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** A token issued to a team; the token itself is shown once, when issued or rotated. */
export const proxyTokenSchema = z.object({
  id: z.string(),
  /** The first characters of the token, for recognising it. */
  prefix: z.string(),
  name: z.string(),
  teamId: z.string(),
  allowedModels: z.array(z.string()),
  rpm: z.number().nullable(),
  tpm: z.number().nullable(),
  /** The token's own budget, always hard; enforced together with the team's (the tighter wins). */
  budgetUsd: z.number().nullable(),
  budgetPeriod: z.enum(BUDGET_PERIODS).nullable(),
  expiresAt: z.string().nullable(),
  /** Requests must name the person behind them (`x-switchyard-user`, or the body's user field). */
  requireUser: z.boolean(),
  createdAt: z.string(),
  /** A time still to come while a rotation's overlap lasts: the token works until then. */
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** Whether this token's request and answer bodies are stored (redacted), whatever its team says. */
  logBodies: z.boolean(),
});
export const proxyTokenPageSchema = pageSchema(proxyTokenSchema);
export type ProxyToken = z.infer<typeof proxyTokenSchema>;
export const issuedProxyTokenSchema = proxyTokenSchema.extend({ token: z.string() });
export type IssuedProxyToken = z.infer<typeof issuedProxyTokenSchema>;

/**
 * POST /admin/tokens/:id/rotate: the successor, shown once. The old token works until `graceUntil` (the end of the
 * overlap asked for), or stopped at once when it is null.
 */
export const rotatedProxyTokenSchema = issuedProxyTokenSchema.extend({
  rotatedFromId: z.string(),
  graceUntil: z.string().nullable(),
});
export type RotatedProxyToken = z.infer<typeof rotatedProxyTokenSchema>;
