import { type Lease } from '@switchyard/key-pool';
import { cheapProbeModel, isChatModel, testKey } from '@switchyard/providers';
import { type LocalKey } from './local-config.js';
import { type LocalGateway } from './local-gateway.js';

export interface KeyCheckResult {
  keyId: string;
  label: string;
  provider: string;
  ok: boolean;
  latencyMs: number;
  model: string | null;
  error?: string;
}

/**
 * A 1-token completion with the key, the only check that proves it can serve. Made through the pool when the key
 * is free, so a failure rests or disables it like any other answer, and a pass brings back a key disabled for auth.
 */
export async function checkLocalKey(gateway: LocalGateway, key: LocalKey): Promise<KeyCheckResult> {
  const model = key.models.find(isChatModel) ?? cheapProbeModel(key.provider);
  const base = { keyId: key.id, label: key.label, provider: key.provider, model };
  if (model === null) {
    return {
      ...base,
      ok: false,
      latencyMs: 0,
      error: `no model to call for ${key.provider}: list the key's models`,
    };
  }
  const others = gateway.config.keys.filter((other) => other.id !== key.id).map((other) => other.id);
  const lease: Lease | undefined = gateway.pool.tryAcquire(`${key.provider}/${model}`, { exclude: others });
  const result = await testKey(
    { type: key.type, baseUrl: key.baseUrl, model, apiKey: key.secret },
    { probe: 'completion' },
  );
  if (result.ok) {
    lease?.success(undefined, result.headers, result.latencyMs);
    gateway.pool.reinstate(key.id);
    return { ...base, ok: true, latencyMs: result.latencyMs };
  }
  const error = result.error ?? { message: `HTTP ${result.status ?? 'error'}` };
  if (lease && result.error) lease.failure(result.error, result.latencyMs);
  return { ...base, ok: false, latencyMs: result.latencyMs, error: error.message };
}
