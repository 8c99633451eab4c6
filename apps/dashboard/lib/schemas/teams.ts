import { z } from 'zod';
import { pageSchema } from './page';
import { teamRoleSchema } from './viewer';

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
});
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

/** A team without a budget answers nulls everywhere: it is unlimited. */
export const spendSchema = z.object({
  teamId: z.string(),
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

export const proxyTokenSchema = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  teamId: z.string(),
  allowedModels: z.array(z.string()),
  rpm: z.number().nullable(),
  tpm: z.number().nullable(),
  budgetUsd: z.number().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const proxyTokenPageSchema = pageSchema(proxyTokenSchema);
export type ProxyToken = z.infer<typeof proxyTokenSchema>;
export const issuedTokenSchema = proxyTokenSchema.extend({ token: z.string() });
