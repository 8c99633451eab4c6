import { microsToUsd } from './usd.js';

export interface ProxyTokenView {
  id: string;
  /** The first characters of the token, for recognising it; the token itself is shown only once. */
  prefix: string;
  name: string;
  teamId: string;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  budgetUsd: number | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to issuing or rotating: the only time the token itself leaves the server. */
export type IssuedProxyTokenView = ProxyTokenView & { token: string };

interface TokenRow {
  id: string;
  prefix: string;
  name: string;
  teamId: string;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  budgetLimit: bigint | null;
  expiresAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const toProxyTokenView = (token: TokenRow): ProxyTokenView => ({
  id: token.id,
  prefix: token.prefix,
  name: token.name,
  teamId: token.teamId,
  allowedModels: token.allowedModels,
  rpm: token.rpm,
  tpm: token.tpm,
  budgetUsd: token.budgetLimit === null ? null : microsToUsd(token.budgetLimit),
  expiresAt: token.expiresAt?.toISOString() ?? null,
  createdAt: token.createdAt.toISOString(),
  revokedAt: token.revokedAt?.toISOString() ?? null,
  lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
});
