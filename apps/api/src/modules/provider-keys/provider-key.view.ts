import { type ProviderKey } from '@switchyard/contracts';
import { type KeyTier, type ProviderKeyStatus, type ProviderType } from '../../database/generated/enums.js';

export interface ProviderKeyRow {
  id: string;
  label: string;
  last4: string;
  tier: KeyTier;
  weight: number;
  maxConcurrency: number | null;
  models: string[];
  dailyRequestQuota: number | null;
  dailyTokenQuota: number | null;
  quotaResetUtc: string | null;
  status: ProviderKeyStatus;
  lastTestedAt: Date | null;
  lastTestOk: boolean | null;
  lastTestError: string | null;
  createdAt: Date;
  updatedAt: Date;
  provider: { name: string; type: ProviderType };
}

/** What the API shows of a provider key: never the secret, its ciphertext or its digest. */
export function toProviderKeyView(key: ProviderKeyRow): ProviderKey {
  return {
    id: key.id,
    provider: key.provider.name,
    providerType: key.provider.type,
    label: key.label,
    last4: key.last4,
    tier: key.tier,
    weight: key.weight,
    maxConcurrency: key.maxConcurrency,
    models: key.models,
    dailyRequestQuota: key.dailyRequestQuota,
    dailyTokenQuota: key.dailyTokenQuota,
    quotaResetUtc: key.quotaResetUtc,
    status: key.status,
    lastTestedAt: key.lastTestedAt?.toISOString() ?? null,
    lastTestOk: key.lastTestOk,
    lastTestError: key.lastTestError,
    createdAt: key.createdAt.toISOString(),
    updatedAt: key.updatedAt.toISOString(),
  } satisfies ProviderKey;
}
