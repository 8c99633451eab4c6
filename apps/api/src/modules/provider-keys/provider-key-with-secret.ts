import { type KeyTier, type ProviderKeyStatus, type ProviderType } from '../../database/generated/enums.js';

/** A stored key as the gateway's key pool needs it: decrypted, with where and how to call its provider. */
export interface ProviderKeyWithSecret {
  id: string;
  provider: { name: string; type: ProviderType; baseUrl: string; servesResponses: boolean };
  secret: string;
  label: string;
  tier: KeyTier;
  weight: number;
  maxConcurrency: number | null;
  /** Model names this key serves; empty means every model of its provider. */
  models: string[];
  dailyRequestQuota: number | null;
  dailyTokenQuota: number | null;
  /** "HH:MM" UTC when the daily quotas reset; null means midnight UTC. */
  quotaResetUtc: string | null;
  /** Only `active` keys may be leased; the others are listed so the pool can show them. */
  status: ProviderKeyStatus;
}
