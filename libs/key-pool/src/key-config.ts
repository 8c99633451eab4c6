import { parseResetTimeUtc } from './daily-period.js';
import { tierRank, type KeyTier } from './tiers.js';

/** The administrative status a key is stored with. `auth_failed` keys wait for an admin's successful re-test. */
export type KeyConfigStatus = 'active' | 'disabled' | 'auth_failed';

export interface KeyConfig {
  id: string;
  /** Provider name, e.g. "openai": the part of a target before the first `/`. */
  provider: string;
  label?: string;
  /** The credential itself, for in-process use. It never appears in snapshots or events. */
  secret?: string;
  /** Where the key's provider answers, for the caller: the pool carries it to every lease and never reads it. */
  baseUrl?: string;
  /** The wire format of the key's provider (e.g. `openai`), carried to every lease like `baseUrl`. */
  providerType?: string;
  /** Default `primary`. */
  tier?: KeyTier;
  /** Share of traffic relative to keys of the same tier. Default 1. */
  weight?: number;
  /** Requests in flight on this key across all models. Unlimited when absent. */
  maxConcurrency?: number | null;
  /** Requests in flight on this key for one model: one limit for every model, or a limit per model name. */
  modelMaxConcurrency?: number | Readonly<Record<string, number>> | null;
  /** Models this key may serve. Empty or absent: every model of its provider. */
  models?: readonly string[];
  dailyRequestQuota?: number | null;
  /** Prompt + completion tokens per day. */
  dailyTokenQuota?: number | null;
  /** "HH:MM" in UTC at which the daily quotas reset. Default "00:00". */
  quotaResetUtc?: string | null;
  /** Default `active`. */
  status?: KeyConfigStatus;
}

/** Fields that can change at runtime; a change of provider is a different key. */
export type KeyUpdate = Partial<Omit<KeyConfig, 'id' | 'provider'>>;

/** A validated key configuration with every default filled in. */
export interface ResolvedKeyConfig {
  id: string;
  provider: string;
  label: string | undefined;
  secret: string | undefined;
  baseUrl: string | undefined;
  providerType: string | undefined;
  tier: KeyTier;
  tierRank: number;
  weight: number;
  maxConcurrency: number;
  modelMaxConcurrency: number | Readonly<Record<string, number>>;
  /** `null` serves every model of the provider. */
  models: ReadonlySet<string> | null;
  dailyRequestQuota: number | null;
  dailyTokenQuota: number | null;
  quotaResetUtc: string;
  quotaResetOffsetMs: number;
  status: KeyConfigStatus;
}

function positiveOrUnlimited(value: number | null | undefined, field: string, keyId: string): number {
  if (value == null) return Infinity;
  if (!(value > 0)) throw new RangeError(`Key ${keyId}: ${field} must be positive, got ${value}`);
  return value;
}

function quotaOrNull(value: number | null | undefined, field: string, keyId: string): number | null {
  if (value == null) return null;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`Key ${keyId}: ${field} must be a non-negative number, got ${value}`);
  }
  return value;
}

export function resolveKeyConfig(config: KeyConfig): ResolvedKeyConfig {
  const { id, provider } = config;
  if (typeof id !== 'string' || id === '') throw new RangeError('A key needs an id');
  if (typeof provider !== 'string' || provider === '' || provider.includes('/')) {
    throw new RangeError(`Key ${id}: provider must be a non-empty name without "/", got "${provider}"`);
  }
  const tier = config.tier ?? 'primary';
  const weight = config.weight ?? 1;
  if (!(weight > 0) || !Number.isFinite(weight)) {
    throw new RangeError(`Key ${id}: weight must be a positive number, got ${weight}`);
  }
  const modelLimits = config.modelMaxConcurrency;
  if (typeof modelLimits === 'object' && modelLimits !== null) {
    for (const [model, limit] of Object.entries(modelLimits))
      positiveOrUnlimited(limit, `modelMaxConcurrency.${model}`, id);
  }
  const quotaResetUtc = config.quotaResetUtc ?? '00:00';
  return {
    id,
    provider,
    label: config.label,
    secret: config.secret,
    baseUrl: config.baseUrl,
    providerType: config.providerType,
    tier,
    tierRank: tierRank(tier),
    weight,
    maxConcurrency: positiveOrUnlimited(config.maxConcurrency, 'maxConcurrency', id),
    modelMaxConcurrency:
      typeof modelLimits === 'number'
        ? positiveOrUnlimited(modelLimits, 'modelMaxConcurrency', id)
        : (modelLimits ?? Infinity),
    models: config.models && config.models.length > 0 ? new Set(config.models) : null,
    dailyRequestQuota: quotaOrNull(config.dailyRequestQuota, 'dailyRequestQuota', id),
    dailyTokenQuota: quotaOrNull(config.dailyTokenQuota, 'dailyTokenQuota', id),
    quotaResetUtc,
    quotaResetOffsetMs: parseResetTimeUtc(quotaResetUtc),
    status: config.status ?? 'active',
  };
}

/** The in-flight limit of one key for one model. */
export function modelConcurrencyLimit(config: ResolvedKeyConfig, model: string): number {
  const limits = config.modelMaxConcurrency;
  if (typeof limits === 'number') return limits;
  return limits[model] ?? Infinity;
}
