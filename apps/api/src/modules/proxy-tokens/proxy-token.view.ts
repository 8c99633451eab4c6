import { type ProxyToken } from '@switchyard/contracts';
import { type BudgetPeriod } from '../../database/generated/enums.js';
import { microsToUsd } from './usd.js';

interface TokenRow {
  id: string;
  prefix: string;
  name: string;
  teamId: string;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  budgetLimit: bigint | null;
  budgetPeriod: BudgetPeriod | null;
  expiresAt: Date | null;
  requireUser: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  logBodies: boolean;
}

export const toProxyTokenView = (token: TokenRow): ProxyToken =>
  ({
    id: token.id,
    prefix: token.prefix,
    name: token.name,
    teamId: token.teamId,
    allowedModels: token.allowedModels,
    rpm: token.rpm,
    tpm: token.tpm,
    budgetUsd: token.budgetLimit === null ? null : microsToUsd(token.budgetLimit),
    budgetPeriod: token.budgetLimit === null ? null : token.budgetPeriod,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    requireUser: token.requireUser,
    createdAt: token.createdAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    logBodies: token.logBodies,
  }) satisfies ProxyToken;
