import { type ProxyTokenSettings } from './proxy-tokens.repository.js';
import { type CreateTokenBody } from './proxy-tokens.schemas.js';
import { usdToMicros } from './usd.js';

/** A token's settings as stored: absent limits are null (unlimited), absent models an empty list (every model). */
export function toTokenSettings(body: CreateTokenBody): ProxyTokenSettings {
  return {
    name: body.name,
    allowedModels: body.allowedModels ?? [],
    rpm: body.rpm ?? null,
    tpm: body.tpm ?? null,
    budgetLimit: body.budgetUsd == null ? null : (usdToMicros(body.budgetUsd) ?? null),
    budgetPeriod: body.budgetUsd == null ? null : (body.budgetPeriod ?? 'monthly'),
    expiresAt: body.expiresAt ?? null,
    logBodies: body.logBodies ?? false,
    requireUser: body.requireUser ?? false,
  };
}

export function sameTokenSettings(a: ProxyTokenSettings, b: ProxyTokenSettings): boolean {
  return (
    a.name === b.name &&
    a.allowedModels.length === b.allowedModels.length &&
    a.allowedModels.every((model, index) => model === b.allowedModels[index]) &&
    a.rpm === b.rpm &&
    a.tpm === b.tpm &&
    a.budgetLimit === b.budgetLimit &&
    a.budgetPeriod === b.budgetPeriod &&
    a.logBodies === b.logBodies &&
    a.requireUser === b.requireUser &&
    (a.expiresAt?.getTime() ?? null) === (b.expiresAt?.getTime() ?? null)
  );
}
