import { type BudgetPeriod } from '../../database/generated/enums.js';

/** Who a /v1 request is, once its proxy token is authenticated: everything the hot path checks. */
export interface ProxyTokenPrincipal {
  tokenId: string;
  teamId: string;
  name: string;
  /** Empty means every model. Entries are `provider/model`, `provider/*` or alias names. */
  allowedModels: string[];
  /** Null means unlimited. */
  rpm: number | null;
  tpm: number | null;
  /** The token's own budget, always hard; null for none. Both are set or neither. */
  budgetLimitMicros: bigint | null;
  budgetPeriod: BudgetPeriod | null;
  expiresAt: Date | null;
  /** Whether the request and answer bodies are stored: the token's own setting or its team's. */
  logBodies: boolean;
  /** Requests must name the person behind them, else 400 `user_required`. */
  requireUser: boolean;
}
